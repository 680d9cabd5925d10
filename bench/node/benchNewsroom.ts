import {
  callNewsroom,
  runNewsroomCommand,
  startNewsroomServer,
  type NewsroomServerProcess,
} from '../../tests/support/newsroomServer';

const PASSWORD = 'bench password one';

/** A newsroom server process the bench started, and the session of its one account. */
export interface BenchNewsroom {
  server: NewsroomServerProcess;
  token: string;
}

/**
 * Starts `npm run server` on a new data folder with one account, `bench`, in the given role, and
 * signs it in: the start-up every server benchmark shares (the e2e tests' harness underneath).
 */
export async function startBenchNewsroom(
  dataDir: string,
  role: 'reporter' | 'editor',
): Promise<BenchNewsroom> {
  const added = await runNewsroomCommand(
    ['user', 'add', '--data-dir', dataDir, '--login', 'bench', '--name', 'Bench', '--role', role],
    `${PASSWORD}\n`,
  );
  if (added.code !== 0) throw new Error(`user add failed: ${added.stderr}`);
  const server = await startNewsroomServer(['--data-dir', dataDir, '--port', '0']);
  const session = await callNewsroom(server.url, 'session:create', {
    login: 'bench',
    password: PASSWORD,
  });
  if (!session.body.ok) {
    await server.stop();
    throw new Error(`session:create: ${JSON.stringify(session.body)}`);
  }
  return { server, token: (session.body.value as { token: string }).token };
}
