import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { storySearchTerms } from '../../shared/text/search';
import type { Story } from '../../shared/story/story';
import { launchChromium, type LaunchedBrowser } from './browser';
import { buildStory } from './buildStory';
import { callNewsroom } from './newsroomServer';
import { NEWSROOM_PASSWORD, type NewsroomPerson, type TestNewsroom } from './newsroom';
import { startServer, type ServerHandle } from './server';

/** A browser-mode workstation of its own (data folder, `npm run web`, browser profile). */
export interface NewsroomWorkstation {
  page: Page;
  browser: LaunchedBrowser;
  server: ServerHandle;
  /** Emulates no network in the browser (the page reaches neither its workstation nor anything). */
  setOffline(isOffline: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fresh workstation in browser mode, in its own browser profile. */
export async function openWorkstation(): Promise<NewsroomWorkstation> {
  const parent = mkdtempSync(path.join(tmpdir(), 'collab-e2e-'));
  const server = await startServer(path.join(parent, 'data'));
  const browser = await launchChromium(path.join(parent, 'profile'));
  const page = await browser.context.newPage();
  await page.goto(server.readyUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return {
    page,
    browser,
    server,
    setOffline: (isOffline) => browser.context.setOffline(isOffline),
    async close() {
      await browser.close();
      await server.stop();
      rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/**
 * Signs the workstation in to the newsroom through main's `newsroom:signIn` channel (the page's
 * own API, with the page's token), as the Settings form does, and waits until it is online.
 */
export async function signIn(
  workstation: NewsroomWorkstation,
  newsroom: TestNewsroom,
  person: NewsroomPerson,
): Promise<void> {
  const signedIn = await callWorkstation(workstation.page, 'newsroom:signIn', {
    serverUrl: newsroom.url,
    login: person.login,
    password: NEWSROOM_PASSWORD,
  });
  expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);
  await expect
    .poll(async () => (await callWorkstation(workstation.page, 'newsroom:status', {})).value, {
      timeout: 20_000,
    })
    .toMatchObject({ state: 'online' });
}

/** Calls one channel of the workstation's own API from its page (with the page's token). */
export async function callWorkstation(
  page: Page,
  channel: string,
  input: unknown,
): Promise<{ ok: boolean; value?: { state?: string }; error?: { message: string } }> {
  return page.evaluate(
    async ({ name, body }) => {
      const token = window.localStorage.getItem('workstation-token') ?? '';
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as {
        ok: boolean;
        value?: { state?: string };
        error?: { message: string };
      };
    },
    { name: channel, body: input },
  );
}

/** Signs a person in to the server itself (as a test's own client) and answers the token. */
export async function sessionToken(url: string, person: NewsroomPerson): Promise<string> {
  const answer = await callNewsroom(url, 'session:create', {
    login: person.login,
    password: NEWSROOM_PASSWORD,
  });
  const { value } = answer.body;
  if (typeof value !== 'object' || value === null || !('token' in value))
    throw new Error(`Could not sign ${person.login} in: ${JSON.stringify(answer.body)}`);
  return String(value.token);
}

/**
 * Puts a newsroom story's row (fields only, no body) into a workstation's story database, as the
 * newsroom's story list does when it reaches a workstation, and reloads the page so every view
 * reads it; the body then comes over `/collab` when the story is opened.
 */
export async function seedStoryRow(workstation: NewsroomWorkstation, story: Story): Promise<void> {
  const row = { ...story, searchTerms: storySearchTerms(story) };
  await workstation.page.evaluate(async (value) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('newsroom-workstation');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    await new Promise<void>((resolve, reject) => {
      const transaction = database.transaction('stories', 'readwrite');
      transaction.objectStore('stories').put(value);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('put failed'));
    });
    database.close();
  }, row);
  await workstation.page.reload();
  await expect(workstation.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Creates a draft on the server as `owner` (through the API) and answers its local row. */
export async function createServerStory(
  newsroom: TestNewsroom,
  owner: NewsroomPerson,
  fields: { id: string; headline: string },
): Promise<{ story: Story; token: string }> {
  const token = await sessionToken(newsroom.url, owner);
  const created = await callNewsroom(newsroom.url, 'story:create', fields, token);
  expect(created.body).toEqual({ ok: true, value: { id: fields.id } });
  const now = Date.now();
  return {
    story: buildStory({
      id: fields.id,
      headline: fields.headline,
      byline: owner.name,
      createdBy: owner.name,
      createdAt: now,
      updatedAt: now,
    }),
    token,
  };
}

/** Opens a story by its address and waits until its body is on screen. */
export async function openStory(workstation: NewsroomWorkstation, storyId: string): Promise<void> {
  const { page } = workstation;
  await page.evaluate((id) => {
    window.location.hash = `#/stories/${id}`;
  }, storyId);
  await expect(page.getByRole('textbox', { name: 'Story body' })).toBeVisible({ timeout: 20_000 });
}

/** The paragraphs of the story body on screen. */
export function bodyParagraphs(page: Page) {
  return page.getByRole('textbox', { name: 'Story body' }).locator('p');
}
