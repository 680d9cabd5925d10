import { connectCollab } from '../collabClient';
import { NEWSROOM_PASSWORD } from '../newsroom';
import { callNewsroom } from '../newsroomServer';

/** Calls a channel of a server process and answers its value, throwing on a refusal. */
export async function newsroomValue<T>(
  url: string,
  channel: string,
  input: unknown,
  token: string,
): Promise<T> {
  const answer = await callNewsroom(url, channel, input, token);
  if (!answer.body.ok) throw new Error(`${channel}: ${JSON.stringify(answer.body.error)}`);
  return answer.body.value as T;
}

/**
 * A story written as a newsroom writes one, on a running server: the reporter creates it, fills
 * the slug and section, writes the body over `/collab` (waiting until the server has stored it),
 * submits it, and the editor approves it. Answers its id.
 */
export async function approvedStory(
  url: string,
  tokens: { reporter: string; editor: string },
  story: { headline: string; slug: string; section?: string },
): Promise<string> {
  const { id } = await newsroomValue<{ id: string }>(
    url,
    'story:create',
    { headline: story.headline, byline: 'Li Wei' },
    tokens.reporter,
  );
  await newsroomValue(
    url,
    'story:update',
    {
      id,
      changes: { slug: story.slug, section: story.section ?? 'news' },
      base: { slug: '', section: 'news' },
    },
    tokens.reporter,
  );
  const client = connectCollab({ url, storyId: id, token: tokens.reporter });
  try {
    await client.waitFor(() => client.rights() !== null, 'the rights message', 30_000);
    client.addParagraph(`${story.headline}, the city of Wuxi said on Monday.`);
    await client.waitFor(() => client.isSynced(), 'the body stored', 30_000);
  } finally {
    client.close();
  }
  await newsroomValue(url, 'story:transition', { id, action: 'submit' }, tokens.reporter);
  await newsroomValue(url, 'story:transition', { id, action: 'approve' }, tokens.editor);
  return id;
}

/** A session token of an account of a test newsroom (its password is `NEWSROOM_PASSWORD`). */
export async function sessionToken(url: string, login: string): Promise<string> {
  const answer = await callNewsroom(url, 'session:create', { login, password: NEWSROOM_PASSWORD });
  const value = answer.body.value;
  if (typeof value !== 'object' || value === null || !('token' in value))
    throw new Error(`session:create: ${JSON.stringify(answer.body)}`);
  return String(value.token);
}

/** Stories written, submitted and approved as `approvedStory` does, four at a time; their ids. */
export async function approvedStories(
  url: string,
  tokens: { reporter: string; editor: string },
  slugs: string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < slugs.length; start += 4)
    ids.push(
      ...(await Promise.all(
        slugs
          .slice(start, start + 4)
          .map((slug) => approvedStory(url, tokens, { headline: `Story ${slug}`, slug })),
      )),
    );
  return ids;
}
