import { callNewsroom, runNewsroomCommand } from '../../tests/support/newsroomServer';
import { PEOPLE, TEST_PASSWORD } from './newsroomHarness';

/** Someone a test adds through the command line. */
export interface PersonDetails {
  login: string;
  name: string;
  role: string;
}

/**
 * Adds people to a newsroom's store through `npm run server -- user add <store…>` (the store
 * options, e.g. `--data-dir` and `--database-url`), each with the test password; throws on a
 * refusal, so a test never goes on without its people.
 */
export async function addPeopleByCommand(
  store: readonly string[],
  people: readonly PersonDetails[] = [PEOPLE.reporter, PEOPLE.editor],
): Promise<void> {
  for (const { login, name, role } of people) {
    const added = await runNewsroomCommand(
      ['user', 'add', ...store, '--login', login, '--name', name, '--role', role],
      `${TEST_PASSWORD}\n`,
    );
    if (added.code !== 0) throw new Error(added.stderr);
  }
}

/** Signs a person in to a server process (`session:create`) and answers the session token. */
export async function signIn(
  url: string,
  login: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const { body } = await callNewsroom(url, 'session:create', { login, password });
  const { value } = body;
  if (!body.ok || typeof value !== 'object' || value === null || !('token' in value))
    throw new Error(`session:create refused ${login}: ${JSON.stringify(body)}`);
  const { token } = value;
  if (typeof token !== 'string') throw new Error(`session:create gave no token: ${String(token)}`);
  return token;
}
