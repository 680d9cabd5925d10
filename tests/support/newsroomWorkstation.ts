import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { z } from 'zod';
import { launchChromium } from './browser';
import { NEWSROOM_PASSWORD, NEWSROOM_PEOPLE, type NewsroomPerson } from './newsroom';
import { startServer } from './server';

/*
 * Browser-mode workstations for newsroom e2e specs and the bench (Playwright only:
 * tests/support/newsroom.ts, which starts the server, is used by unit tests too).
 */

/** A browser-mode workstation of a newsroom test: its own data folder, server and profile. */
export interface NewsroomWorkstation {
  page: Page;
  dataDir: string;
  /** Emulates no network in the browser (the page reaches neither its workstation nor anything). */
  setOffline(isOffline: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a browser-mode workstation (`npm run web` on a fresh data folder) in a Chromium of its
 * own profile, and opens the app.
 */
export async function openWorkstation(): Promise<NewsroomWorkstation> {
  const parent = mkdtempSync(path.join(tmpdir(), 'newsroom-workstation-'));
  const dataDir = path.join(parent, 'data');
  const server = await startServer(dataDir);
  const browser = await launchChromium(path.join(parent, 'profile'));
  const page = await browser.context.newPage();
  await page.goto(server.readyUrl);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return {
    page,
    dataDir,
    setOffline: (isOffline) => browser.context.setOffline(isOffline),
    async close() {
      await browser.close();
      await server.stop();
      rmSync(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** The header's newsroom status (`Online`, `Offline`, `Syncing…`). */
export function newsroomStatus(page: Page): Locator {
  return page.getByRole('banner').getByRole('status');
}

/** Signs a workstation in through Settings → Newsroom, as a person would, and waits for Online. */
export async function signInThroughSettings(
  page: Page,
  newsroomUrl: string,
  person: NewsroomPerson,
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  const group = page.getByRole('group', { name: 'Newsroom' });
  await group.getByLabel('Newsroom server').fill(newsroomUrl);
  await group.getByLabel('Login').fill(person.login);
  await group.getByLabel('Password').fill(NEWSROOM_PASSWORD);
  await group.getByRole('button', { name: 'Sign in' }).click();
  await expect(newsroomStatus(page)).toHaveText('Online', { timeout: 20_000 });
}

/**
 * Opens a workstation (`openWorkstation`) and signs it in as `person` through Settings; closes it
 * again if the sign-in fails.
 */
export async function openSignedIn(
  newsroomUrl: string,
  person: NewsroomPerson,
): Promise<NewsroomWorkstation> {
  const workstation = await openWorkstation();
  try {
    await signInThroughSettings(workstation.page, newsroomUrl, person);
  } catch (error) {
    await workstation.close();
    throw error;
  }
  return workstation;
}

/**
 * Signs the reporter's and the editor's workstations in side by side, each at its own server
 * process where the newsroom has two (the same origin otherwise).
 */
export async function signInReporterAndEditor(
  workstations: { reporter: NewsroomWorkstation; editor: NewsroomWorkstation },
  urls: { reporter: string; editor: string },
): Promise<void> {
  await Promise.all([
    signInThroughSettings(workstations.reporter.page, urls.reporter, NEWSROOM_PEOPLE.reporter),
    signInThroughSettings(workstations.editor.page, urls.editor, NEWSROOM_PEOPLE.editor),
  ]);
}

/** One call of the newsroom API from the test (to check what the server holds). */
export async function callNewsroom(
  newsroomUrl: string,
  channel: string,
  input: unknown,
  token: string | null,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${newsroomUrl}/api/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Makes a transition of a story through the API as the token's account (another of their
 * sessions), and checks that it led to `state`.
 */
export async function transitionOnServer(
  newsroomUrl: string,
  token: string,
  transition: { id: string; action: string },
  state: string,
): Promise<void> {
  const { body } = await callNewsroom(newsroomUrl, 'story:transition', transition, token);
  expect(body).toMatchObject({ ok: true, value: { state } });
}

/** A session token of a person, straight from the server. */
export async function tokenOf(newsroomUrl: string, person: NewsroomPerson): Promise<string> {
  const { body } = await callNewsroom(
    newsroomUrl,
    'session:create',
    { login: person.login, password: NEWSROOM_PASSWORD },
    null,
  );
  const parsed = z
    .object({ ok: z.literal(true), value: z.object({ token: z.string() }) })
    .parse(body);
  return parsed.value.token;
}

const storyAnswerSchema = z.object({
  ok: z.literal(true),
  value: z.object({ state: z.string(), headline: z.string(), summary: z.string() }),
});

/** A story's state, headline and summary as the server holds them, or null when it has none. */
export async function storyOnServer(
  newsroomUrl: string,
  token: string,
  id: string,
): Promise<{ state: string; headline: string; summary: string } | null> {
  const { body } = await callNewsroom(newsroomUrl, 'story:get', { id }, token);
  const parsed = storyAnswerSchema.safeParse(body);
  return parsed.success ? parsed.data.value : null;
}

/** A story body as the server holds it (its Yjs state's bytes), to look for a text in. */
export async function bodyBytesOnServer(
  newsroomUrl: string,
  token: string,
  id: string,
): Promise<Buffer> {
  const { body } = await callNewsroom(newsroomUrl, 'story:body', { id }, token);
  const parsed = z
    .object({ ok: z.literal(true), value: z.object({ state: z.string() }) })
    .parse(body);
  return Buffer.from(parsed.value.state, 'base64');
}

/** Creates a draft on the server as its owner (through the API, as another of their sessions). */
export async function createServerStory(
  newsroomUrl: string,
  token: string,
  fields: { id: string; headline: string },
): Promise<void> {
  const { body } = await callNewsroom(newsroomUrl, 'story:create', fields, token);
  expect(body).toEqual({ ok: true, value: { id: fields.id } });
}

/**
 * Opens a story from the Stories list once the newsroom's list has brought it here, and waits
 * until its body is on screen.
 */
export async function openFromList(page: Page, headline: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Stories' })
    .click();
  await page.getByRole('link', { name: headline, exact: true }).click({ timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: 'Story body' })).toBeVisible({ timeout: 20_000 });
}

/** Goes to one of the app's main views through the navigation. */
export async function goTo(page: Page, view: 'Stories' | 'Desk' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view }).click();
}

/** The open story's workflow bar. */
export function workflow(page: Page): Locator {
  return page.getByRole('region', { name: 'Workflow' });
}

/** The open story's save state (the header's newsroom status is another `status`). */
export function savedState(page: Page): Locator {
  return page.getByRole('article', { name: 'Story' }).getByRole('status').first();
}

/** The paragraphs of the story body on screen. */
export function bodyParagraphs(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Story body' }).locator('p');
}

/** The open story's body editor. */
export function storyBody(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Story body' });
}

/**
 * Opens a story of the Desk by its headline from one of its groups (e.g. `/Submitted/`), waiting
 * for the live update that brings it there.
 */
export async function openFromDesk(page: Page, group: RegExp, headline: string): Promise<void> {
  await goTo(page, 'Desk');
  const link = page.getByRole('region', { name: group }).getByRole('link', { name: headline });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await link.click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(headline);
}

/** Clicks a button of the open story's workflow bar and waits for the state it leads to. */
export async function transition(page: Page, button: string, state: string): Promise<void> {
  await workflow(page).getByRole('button', { name: button }).click();
  await expect(workflow(page).getByText(state, { exact: true })).toBeVisible();
}

/** Returns the open story to its reporter with a note, as an editor does. */
export async function returnWithNote(page: Page, note: string): Promise<void> {
  await workflow(page).getByRole('button', { name: 'Return to reporter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Return to reporter' });
  await dialog.getByLabel('Note for the reporter').fill(note);
  await dialog.getByRole('button', { name: 'Return with note' }).click();
  await expect(workflow(page).getByText('Returned', { exact: true })).toBeVisible();
}

/** Waits until the reporter's open story shows the desk's return and its note, live. */
export async function expectReturnNote(
  page: Page,
  editorName: string,
  note: string,
): Promise<void> {
  const returnNote = page.getByRole('note', { name: 'Returned by the desk' });
  await expect(returnNote).toContainText(`Returned by ${editorName}`, { timeout: 20_000 });
  await expect(returnNote).toContainText(note);
}

/** Where the server published a story in its site (`publishedPath`), or null when unpublished. */
export async function publishedPathOnServer(
  newsroomUrl: string,
  token: string,
  id: string,
): Promise<string | null> {
  const { body } = await callNewsroom(newsroomUrl, 'story:get', { id }, token);
  return z
    .object({ ok: z.literal(true), value: z.object({ publishedPath: z.string().nullable() }) })
    .parse(body).value.publishedPath;
}
