import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { TYPED_TEXT, WORDS_PER_PARAGRAPH } from '../corpus';
import type { ListOperation } from '../page/api';
import { launchChromium, type LaunchedBrowser } from '../../tests/support/browser';
import { type ServerHandle, startServer } from '../../tests/support/server';

/** Sizes and repetitions of one run of the renderer benchmarks. */
export interface RendererPlan {
  storyWords: readonly number[];
  keystrokes: number;
  /** Pause between keystrokes (ms): typing pace, and time for autosave between keys. */
  keyGapMs: number;
  opens: number;
  saves: number;
  stories: number;
  listRepetitions: number;
  /** The only benchmarks to run (`--only typing,open`); null for all. */
  only: ReadonlySet<string> | null;
  /** Where to write CPU profiles of the story view (`--profile`); null for none. */
  profileDir: string | null;
  /** URLs (on the bench server) of the photos imported in the renderer benchmark. */
  photos: readonly string[];
  /** How many times those photos are imported, each into a fresh library. */
  photoImports: number;
}

/** Raw samples (ms) of every renderer measurement; the runner turns them into figures. */
export interface RendererSamples {
  typing: Array<{
    words: number;
    app: number[];
    textarea: number[];
    bareSlate: number[];
    mainThreadMsPerKey: { app: number; textarea: number; bareSlate: number };
    /** React commits per keystroke, mean (see bench/page/commitProbe.ts). */
    commitsPerKey: { app: number; textarea: number; bareSlate: number };
  }>;
  /** Panels open in the story view while typing. */
  panels: string[];
  /** Typing in the story view at the middle size with spelling and house style off. */
  typingUnchecked: { words: number; app: number[] };
  /** Opening a story with slips to flag: until its first flag, and (baseline) until editable with checking off. */
  firstFlags: { words: number; flagged: number[]; uncheckedOpen: number[] };
  keyToCommit: { words: number; app: number[] };
  open: { words: number; story: number[]; docAlone: number[]; acceptedTyping: boolean };
  saves: {
    saverCommit: number[];
    rawCommit: number[];
    saverMainThreadMsPerSave: number;
    rawMainThreadMsPerSave: number;
    saverBytes: number;
    rawBytes: number;
  };
  list: {
    stories: number;
    show: number[];
    filter: number[];
    search: number[];
    getAllShow: number[];
    getAllFilter: number[];
    getAllSearch: number[];
    /** Diagnosis: newest-first keys by Dexie reverse() (a cursor) vs forward getAllKeys. */
    reverseCursorMs: number[];
    forwardThenReverseMs: number[];
  };
  photoImport: {
    photos: number;
    /** Per import (each into a fresh library): its longest main-thread task, and tasks over 50 ms. */
    imports: PhotoImportTasks[];
    /** The same files copied on the main thread and posted by plain fetch, once per import. */
    plain: PhotoImportTasks[];
    /** The same files posted as File bodies, no copy on the main thread, once per import. */
    uncopied: PhotoImportTasks[];
    /** Per import: from choosing the files until the view says all are finished (ms). */
    importMs: number[];
    finished: string;
  };
  /** Benchmarks that could not run, and why. */
  broken: Array<{ part: BenchPart; error: string }>;
}

/** One renderer main-thread task in a trace: wall time, and the CPU time the thread got (ms). */
interface TracedTask {
  wallMs: number;
  cpuMs: number;
}

/** The longest main-thread task of one traced import (or baseline), and how many took over 50 ms. */
export interface PhotoImportTasks extends TracedTask {
  overLimit: number;
  /** The most CPU time any one task took, and all tasks' CPU time (ms): the work, load aside. */
  mostCpuMs: number;
  totalCpuMs: number;
  /**
   * Share of the traced time in which some thread of this machine waited for a CPU (Linux PSI,
   * /proc/pressure/cpu); NaN where unavailable. Near 1, wall times are mostly waiting.
   */
  cpuPressure: number;
}

/** The renderer benchmarks, by the part of RendererSamples each fills. */
export type BenchPart = 'typing' | 'open' | 'saves' | 'list' | 'photoImport' | 'checking';

/** A browser profile and a workstation data folder of their own, with the bench server on them. */
interface Session {
  browser: LaunchedBrowser;
  server: ServerHandle;
  dataDir: string;
  profileDir: string;
}

async function openSession(staticDir: string, name: string): Promise<Session> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `bench-${name}-data-`));
  const profileDir = mkdtempSync(path.join(tmpdir(), `bench-${name}-profile-`));
  // The harness of the e2e tests: browser mode as `npm run web` starts it, serving the bench page.
  const server = await startServer(dataDir, { staticDir });
  const browser = await launchChromium(profileDir);
  return { browser, server, dataDir, profileDir };
}

async function closeSession(session: Session): Promise<void> {
  await session.browser.close();
  await session.server.stop();
  removeQuietly(session.dataDir);
  removeQuietly(session.profileDir);
}

/** Temp cleanup never breaks a benchmark: Chromium's helpers may still be writing the profile. */
function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.warn(
      `Could not remove ${folder}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function benchPage(context: BrowserContext, server: ServerHandle): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(180_000);
  await page.goto(server.readyUrl);
  await page.waitForFunction(() => typeof window.bench === 'object');
  return page;
}

function keyName(character: string): string {
  return character === ' ' ? 'Space' : character;
}

/** What typing in one subject measured. */
interface Typed {
  /** Keydown to next frame, per keystroke (ms). */
  samples: number[];
  /** Main-thread task time per measured keystroke (ms), from CDP `TaskDuration`. */
  mainThreadMsPerKey: number;
  /** React commits per measured keystroke, mean. */
  commitsPerKey: number;
}

/**
 * Types `count` characters, one at a time, waiting for each one's frame to be measured. With a
 * profile folder, the measured keystrokes are also recorded as a V8 CPU profile there.
 */
async function typeMeasured(
  page: Page,
  count: number,
  gapMs: number,
  profile: string | null = null,
): Promise<Typed> {
  // A few keystrokes first, unmeasured: the first ones after a click pay one-time costs (caches,
  // lazy compilation) in every subject alike, and a person's first key is not what the target is about.
  for (const character of 'ok ') {
    await page.keyboard.press(keyName(character));
    await page.waitForTimeout(gapMs);
  }
  const mainThreadSeconds = await mainThreadClock(page);
  const stopProfile = profile === null ? null : await startCpuProfile(page);
  await page.evaluate(() => window.bench.recordKeys(true));
  const before = await mainThreadSeconds();
  for (let index = 0; index < count; index += 1) {
    await page.keyboard.press(keyName(TYPED_TEXT[index % TYPED_TEXT.length] ?? 'a'));
    await page.evaluate((measured) => window.bench.waitForKeys(measured), index + 1);
    await page.waitForTimeout(gapMs);
  }
  const mainThreadMsPerKey = (((await mainThreadSeconds()) - before) * 1000) / count;
  const samples = await page.evaluate((measured) => window.bench.waitForKeys(measured), count);
  const commits = await page.evaluate(() => window.bench.commitsPerKey());
  await page.evaluate(() => window.bench.recordKeys(false));
  if (stopProfile !== null && profile !== null) await stopProfile(profile);
  const commitsPerKey = commits.reduce((sum, value) => sum + value, 0) / commits.length;
  return { samples, mainThreadMsPerKey, commitsPerKey };
}

/** Starts the V8 sampling profiler of a page; the returned function writes the .cpuprofile. */
async function startCpuProfile(page: Page): Promise<(file: string) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async function stop(file: string): Promise<void> {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    await cdp.detach();
    console.info(`  CPU profile written: ${file}`);
  };
}

/** Clicks into the middle paragraph of an editable body and puts the caret at its end. */
async function caretInMiddle(page: Page, editable: string, words: number): Promise<void> {
  const paragraphs = Math.ceil(words / WORDS_PER_PARAGRAPH);
  const paragraph = page
    .locator(`${editable} [data-slate-node="element"]`)
    .nth(Math.floor(paragraphs / 2));
  await paragraph.scrollIntoViewIfNeeded();
  await paragraph.click();
  await page.keyboard.press('End');
}

/** Opens every panel the story view offers that is not open yet (History, Preview). */
async function openPanels(page: Page): Promise<string[]> {
  const opened: string[] = [];
  for (const name of ['History', 'Preview']) {
    const button = page.getByRole('button', { name, exact: true });
    if ((await button.count()) === 0) continue;
    if ((await button.first().getAttribute('aria-expanded')) === 'true') {
      opened.push(name);
      continue;
    }
    await button.first().click();
    opened.push(name);
  }
  return opened;
}

/**
 * A page with the app on a story, every panel open and the caret in the middle of the body;
 * `isChecking` turns spelling and house style on or off before the app mounts.
 */
async function storyPageReadyToType(
  session: Session,
  storyId: string,
  words: number,
  isChecking: boolean,
): Promise<{ page: Page; panels: string[] }> {
  const page = await benchPage(session.browser.context, session.server);
  await page.evaluate(
    ([id, isOn]) => {
      window.bench.setChecking(isOn);
      window.location.hash = `#/stories/${encodeURIComponent(id)}`;
      window.bench.mountApp();
    },
    [storyId, isChecking] as const,
  );
  await page.locator('[aria-label="Story body"][contenteditable="true"]').waitFor();
  const panels = await openPanels(page);
  await caretInMiddle(page, '[aria-label="Story body"]', words);
  return { page, panels };
}

async function measureTyping(
  session: Session,
  plan: RendererPlan,
  storyIds: Map<number, string>,
  samples: RendererSamples,
): Promise<void> {
  const { context } = session.browser;
  for (const words of plan.storyWords) {
    const storyId = storyIds.get(words);
    if (storyId === undefined) throw new Error(`No story of ${words} words`);

    const appPage = await storyPageReadyToType(session, storyId, words, true);
    samples.panels = appPage.panels;
    const app = await typeMeasured(
      appPage.page,
      plan.keystrokes,
      plan.keyGapMs,
      plan.profileDir === null
        ? null
        : path.join(plan.profileDir, `typing-app-${words}.cpuprofile`),
    );
    const commits = await appPage.page.evaluate(() => window.bench.keyCommitLatencies());
    const isMiddle = words === plan.storyWords[1] || plan.storyWords.length === 1;
    if (isMiddle) samples.keyToCommit = { words, app: commits };
    await appPage.page.close();

    if (isMiddle) {
      // The same story and panels with spelling and house style off: what checking costs.
      const uncheckedPage = await storyPageReadyToType(session, storyId, words, false);
      const unchecked = await typeMeasured(
        uncheckedPage.page,
        plan.keystrokes,
        plan.keyGapMs,
        plan.profileDir === null
          ? null
          : path.join(plan.profileDir, `typing-unchecked-${words}.cpuprofile`),
      );
      samples.typingUnchecked = { words, app: unchecked.samples };
      await uncheckedPage.page.close();
    }

    const textareaPage = await benchPage(context, session.server);
    await textareaPage.evaluate((count) => window.bench.mountTextarea(count, 1), words);
    await textareaPage.locator('textarea').waitFor();
    await textareaPage.evaluate(() => window.bench.focusTextareaMiddle());
    const textarea = await typeMeasured(textareaPage, plan.keystrokes, plan.keyGapMs);
    await textareaPage.close();

    const slatePage = await benchPage(context, session.server);
    await slatePage.evaluate((count) => window.bench.mountBareSlate(count, 1), words);
    await slatePage.locator('[aria-label="Bare Slate body"]').waitFor();
    await caretInMiddle(slatePage, '[aria-label="Bare Slate body"]', words);
    const bareSlate = await typeMeasured(slatePage, plan.keystrokes, plan.keyGapMs);
    await slatePage.close();

    samples.typing.push({
      words,
      app: app.samples,
      textarea: textarea.samples,
      bareSlate: bareSlate.samples,
      mainThreadMsPerKey: {
        app: app.mainThreadMsPerKey,
        textarea: textarea.mainThreadMsPerKey,
        bareSlate: bareSlate.mainThreadMsPerKey,
      },
      commitsPerKey: {
        app: app.commitsPerKey,
        textarea: textarea.commitsPerKey,
        bareSlate: bareSlate.commitsPerKey,
      },
    });
    console.info(`  typing at ${words} words measured`);
  }
}

/**
 * A page with the app mounted on Settings, no story open yet; `isChecking` turns spelling and
 * house style on or off before the app mounts.
 */
async function appOnSettings(session: Session, isChecking: boolean): Promise<Page> {
  const page = await benchPage(session.browser.context, session.server);
  await page.evaluate((isOn) => {
    window.bench.setChecking(isOn);
    window.location.hash = '#/settings';
    window.bench.mountApp();
  }, isChecking);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

async function measureOpen(
  session: Session,
  plan: RendererPlan,
  words: number,
  storyId: string,
  samples: RendererSamples,
): Promise<void> {
  const page = await appOnSettings(session, true);
  const story: number[] = [];
  const docAlone: number[] = [];
  let acceptedTyping = false;
  for (let run = 0; run < plan.opens; run += 1) {
    const stopProfile = run === 1 && plan.profileDir !== null ? await startCpuProfile(page) : null;
    story.push(await page.evaluate((id) => window.bench.openStory(id), storyId));
    if (stopProfile !== null && plan.profileDir !== null) {
      await stopProfile(path.join(plan.profileDir, `open-${words}.cpuprofile`));
    }
    if (run === 0) {
      // The figure claims the story accepts typing at that point: check that it does.
      const marker = 'qz';
      await caretInMiddle(page, '[aria-label="Story body"]', words);
      await page.keyboard.type(marker);
      acceptedTyping = (
        (await page.locator('[aria-label="Story body"]').textContent()) ?? ''
      ).includes(marker);
    }
    await page.evaluate(() => window.bench.leaveStory());
    docAlone.push(await page.evaluate((id) => window.bench.loadDocAlone(id), storyId));
  }
  await page.close();
  samples.open = { words, story, docAlone, acceptedTyping };
  console.info(`  opening a ${words}-word story measured`);
}

async function measureFirstFlags(
  session: Session,
  plan: RendererPlan,
  words: number,
  storyId: string,
  samples: RendererSamples,
): Promise<void> {
  const flagged: number[] = [];
  const uncheckedOpen: number[] = [];
  for (const isChecking of [true, false]) {
    const page = await appOnSettings(session, isChecking);
    // A person opens a story some moments after the app: the dictionary loads meanwhile.
    await page.waitForTimeout(2000);
    for (let run = 0; run < plan.opens; run += 1) {
      if (isChecking) {
        flagged.push(await page.evaluate((id) => window.bench.openStoryUntilFlagged(id), storyId));
      } else {
        uncheckedOpen.push(await page.evaluate((id) => window.bench.openStory(id), storyId));
      }
      await page.evaluate(() => window.bench.leaveStory());
    }
    await page.close();
  }
  samples.firstFlags = { words, flagged, uncheckedOpen };
  console.info(`  first flags of a ${words}-word story measured`);
}

/** Reads the page's cumulative main-thread task time (CDP Performance.getMetrics `TaskDuration`). */
async function mainThreadClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async function seconds(): Promise<number> {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
  };
}

async function measureSaves(
  session: Session,
  plan: RendererPlan,
  storyId: string,
  samples: RendererSamples,
): Promise<void> {
  const page = await benchPage(session.browser.context, session.server);
  const mainThreadSeconds = await mainThreadClock(page);
  const gapMs = 30;
  // Alternate the two so drift on a shared machine hits both alike.
  let saverCommit: number[] = [];
  let rawCommit: number[] = [];
  let saverTask = 0;
  let rawTask = 0;
  let saverBytes = 0;
  let rawBytes = 0;
  const rounds = 2;
  for (let round = 0; round < rounds; round += 1) {
    const count = Math.ceil(plan.saves / rounds);
    let before = await mainThreadSeconds();
    const saver = await page.evaluate(
      ([id, saves, gap]) => window.bench.saveThroughSaver(id, saves, gap),
      [storyId, count, gapMs] as const,
    );
    saverTask += (await mainThreadSeconds()) - before;
    before = await mainThreadSeconds();
    const raw = await page.evaluate(
      ([id, saves, gap]) => window.bench.saveWithRawPut(id, saves, gap),
      [storyId, count, gapMs] as const,
    );
    rawTask += (await mainThreadSeconds()) - before;
    saverCommit = [...saverCommit, ...saver.commitMs];
    rawCommit = [...rawCommit, ...raw.commitMs];
    saverBytes += saver.bytes;
    rawBytes += raw.bytes;
  }
  await page.close();
  samples.saves = {
    saverCommit,
    rawCommit,
    saverMainThreadMsPerSave: (saverTask * 1000) / saverCommit.length,
    rawMainThreadMsPerSave: (rawTask * 1000) / rawCommit.length,
    saverBytes,
    rawBytes,
  };
  console.info('  saves measured');
}

async function measureList(
  staticDir: string,
  plan: RendererPlan,
  samples: RendererSamples,
): Promise<void> {
  const session = await openSession(staticDir, 'list');
  try {
    const seeding = await benchPage(session.browser.context, session.server);
    // Through the repository's remote path, so it times what every story write pays for the
    // indexes and the tables kept beside the stories (counts, search keys).
    const seedStart = performance.now();
    const stories = await seeding.evaluate(
      (count) => window.bench.seedStories(count),
      plan.stories,
    );
    await seeding.close();
    console.info(
      `  ${stories} stories written in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const page = await benchPage(session.browser.context, session.server);
    await page.evaluate(() => {
      window.location.hash = '#/settings';
      window.bench.mountApp();
    });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const states = ['draft', 'submitted', 'published', 'in_edit', 'approved', 'spiked'];
    const terms = ['canal', 'tourism', 'museums', 'investors', 'delegates', 'sensors'];
    const result = {
      stories,
      show: [] as number[],
      filter: [] as number[],
      search: [] as number[],
      getAllShow: [] as number[],
      getAllFilter: [] as number[],
      getAllSearch: [] as number[],
      reverseCursorMs: [] as number[],
      forwardThenReverseMs: [] as number[],
    };
    /** Times one list operation; with a profile folder, the second run's is also profiled. */
    async function measured(
      operation: ListOperation,
      act: () => Promise<void>,
      profile: string | null = null,
    ): Promise<number> {
      await page.evaluate((name) => window.bench.armList(name), operation);
      const stopProfile = profile === null ? null : await startCpuProfile(page);
      await act();
      const ms = await page.evaluate(() => window.bench.listResult());
      if (stopProfile !== null && profile !== null) await stopProfile(profile);
      return ms;
    }
    function listProfile(run: number, operation: ListOperation): string | null {
      return run === 1 && plan.profileDir !== null
        ? path.join(plan.profileDir, `list-${operation}-${stories}.cpuprofile`)
        : null;
    }
    for (let run = 0; run < plan.listRepetitions; run += 1) {
      const state = states[run % states.length] ?? 'draft';
      const term = terms[run % terms.length] ?? 'canal';
      result.show.push(
        await measured(
          'show',
          () => page.evaluate(() => void (window.location.hash = '#/stories')),
          listProfile(run, 'show'),
        ),
      );
      const stateSelect = page.getByLabel('State').first();
      result.filter.push(
        await measured(
          'filter',
          () => stateSelect.selectOption(state).then(() => undefined),
          listProfile(run, 'filter'),
        ),
      );
      await measured('filter', () => stateSelect.selectOption('').then(() => undefined));
      const search = page.getByRole('searchbox', { name: 'Search stories' });
      result.search.push(
        await measured('search', () => search.fill(term), listProfile(run, 'search')),
      );
      await measured('search', () => search.fill(''));
      await page.evaluate(() => void (window.location.hash = '#/settings'));
      await page.getByLabel('Your name').waitFor();
      result.getAllShow.push((await page.evaluate(() => window.bench.getAllRows('show', ''))).ms);
      result.getAllFilter.push(
        (await page.evaluate((value) => window.bench.getAllRows('filter', value), state)).ms,
      );
      result.getAllSearch.push(
        (await page.evaluate((value) => window.bench.getAllRows('search', value), term)).ms,
      );
      const keyReads = await page.evaluate(() => window.bench.compareKeyReads());
      result.reverseCursorMs.push(keyReads.reverseCursorMs);
      result.forwardThenReverseMs.push(keyReads.forwardThenReverseMs);
    }
    await page.close();
    samples.list = result;
    console.info('  stories view measured');
  } finally {
    await closeSession(session);
  }
}

/** A trace event as Chromium's tracing reports it (the fields read here). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The top-level tasks of the busiest renderer main thread in a trace, longest first. The page
 * under test is the one renderer doing work while it is traced; nested tasks (a nested run loop)
 * count once, inside the task that ran them.
 */
function mainThreadTasks(events: readonly TraceEvent[]): TracedTask[] {
  const mainThreads = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph !== 'X' || event.name !== 'ThreadControllerImpl::RunTask') continue;
    if (!mainThreads.has(thread)) continue;
    byThread.set(thread, [...(byThread.get(thread) ?? []), event]);
  }
  const busiest = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const tasks: TracedTask[] = [];
  let taskEnd = Number.NEGATIVE_INFINITY;
  for (const event of busiest.sort((a, b) => a.ts - b.ts)) {
    if (event.ts < taskEnd) continue;
    const duration = event.dur ?? 0;
    taskEnd = event.ts + duration;
    tasks.push({ wallMs: duration / 1000, cpuMs: (event.tdur ?? duration) / 1000 });
  }
  return tasks.sort((a, b) => b.wallMs - a.wallMs);
}

/**
 * Runs `work` with the page's heap collected first (garbage from before must not be collected
 * inside the measurement) and Chromium's task tracing on; resolves with its main-thread tasks.
 */
async function tracedTasks(page: Page, work: () => Promise<unknown>): Promise<TracedTask[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const events: TraceEvent[] = [];
    // The protocol types events as string maps; they carry numbers (ts, dur) as Chromium writes them.
    cdp.on('Tracing.dataCollected', ({ value }) =>
      events.push(...(value as unknown as TraceEvent[])),
    );
    const complete = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    );
    await cdp.send('Tracing.start', { categories: 'toplevel', transferMode: 'ReportEvents' });
    await work();
    await cdp.send('Tracing.end');
    await complete;
    return mainThreadTasks(events);
  } finally {
    await cdp.detach();
  }
}

/** Microseconds some task of this machine has waited for a CPU since boot (NaN off Linux). */
function cpuWaitMicroseconds(): number {
  try {
    const some = /^some .*total=(\d+)$/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some === null ? Number.NaN : Number(some[1]);
  } catch {
    return Number.NaN;
  }
}

/** Traces `work` (see tracedTasks): its longest task, its tasks over 50 ms, and the CPU pressure. */
async function longestTask(page: Page, work: () => Promise<unknown>): Promise<PhotoImportTasks> {
  const started = performance.now();
  const waitedBefore = cpuWaitMicroseconds();
  const tasks = await tracedTasks(page, work);
  const cpuPressure = (cpuWaitMicroseconds() - waitedBefore) / 1000 / (performance.now() - started);
  const longest = tasks[0] ?? { wallMs: 0, cpuMs: 0 };
  const overLimit = tasks.filter((task) => task.wallMs > 50).length;
  const cpuTimes = tasks.map((task) => task.cpuMs);
  const mostCpuMs = Math.max(0, ...cpuTimes);
  const totalCpuMs = cpuTimes.reduce((sum, value) => sum + value, 0);
  return { ...longest, overLimit, mostCpuMs, totalCpuMs, cpuPressure };
}

/**
 * Imports the photos `plan.photoImports` times, each into a fresh library (its own browser-mode
 * data folder and browser), and posts the same files with plain fetch in the same page before
 * each import (the baselines). Every subject starts from a collected heap and is traced, so the
 * figure is the longest main-thread task whatever its length, not only those over 50 ms.
 */
async function measurePhotoImport(
  staticDir: string,
  plan: RendererPlan,
  samples: RendererSamples,
): Promise<void> {
  const result: RendererSamples['photoImport'] = {
    photos: plan.photos.length,
    imports: [],
    plain: [],
    uncopied: [],
    importMs: [],
    finished: '',
  };
  for (let round = 0; round < plan.photoImports; round += 1) {
    const session = await openSession(staticDir, 'photos');
    try {
      const page = await benchPage(session.browser.context, session.server);
      await page.evaluate(() => {
        window.location.hash = '#/photos';
        window.bench.mountApp();
      });
      await page.getByLabel('Import photos').waitFor({ state: 'attached' });
      // Playwright cannot hand a CDP-connected browser files over 50 MB in all, so the page fetches
      // them from the bench server and chooses them itself (a trusted-enough `change` for React).
      await page.evaluate((urls) => window.bench.loadFiles(urls), [...plan.photos]);
      await page.getByText('The photo library is empty').waitFor();

      result.plain.push(
        await longestTask(page, () => page.evaluate(() => window.bench.postFilesPlain())),
      );
      result.uncopied.push(
        await longestTask(page, () => page.evaluate(() => window.bench.postFilesUncopied())),
      );
      const profile =
        plan.profileDir === null || round > 0
          ? null
          : path.join(plan.profileDir, `photo-import-${plan.photos.length}.cpuprofile`);
      const stopProfile = profile === null ? null : await startCpuProfile(page);
      const finished = page.getByText(`Finished ${plan.photos.length} files`);
      const imported = await longestTask(page, async () => {
        const chosen = performance.now();
        await page.evaluate(() => window.bench.chooseFilesForImport());
        await finished.waitFor({ timeout: 600_000 });
        result.importMs.push(performance.now() - chosen);
        // Let the grid load the new thumbnails: that work belongs to the import too.
        await page.waitForTimeout(1000);
      });
      if (stopProfile !== null && profile !== null) await stopProfile(profile);
      result.imports.push(imported);
      result.finished = (await finished.textContent()) ?? '';
      await page.close();
    } finally {
      await closeSession(session);
    }
  }
  samples.photoImport = result;
  console.info(
    `  photo import in the renderer measured (${plan.photoImports} imports, each until finished: ${result.importMs.map((ms) => `${Math.round(ms)} ms`).join(', ')})`,
  );
}

/**
 * Runs every renderer benchmark in real headless Chromium against the real services. A benchmark
 * that breaks is recorded in `broken` and the others still run, so one failure hides no figure.
 */
export async function runRendererBenchmarks(
  staticDir: string,
  plan: RendererPlan,
): Promise<RendererSamples> {
  async function attempt(part: BenchPart, run: () => Promise<void>): Promise<void> {
    if (plan.only !== null && !plan.only.has(part)) return;
    try {
      await run();
    } catch (error) {
      console.error(`  ${part} broke:`, error);
      samples.broken.push({ part, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const samples: RendererSamples = {
    typing: [],
    panels: [],
    keyToCommit: { words: 0, app: [] },
    typingUnchecked: { words: 0, app: [] },
    firstFlags: { words: 0, flagged: [], uncheckedOpen: [] },
    open: { words: 0, story: [], docAlone: [], acceptedTyping: false },
    saves: {
      saverCommit: [],
      rawCommit: [],
      saverMainThreadMsPerSave: Number.NaN,
      rawMainThreadMsPerSave: Number.NaN,
      saverBytes: 0,
      rawBytes: 0,
    },
    list: {
      stories: 0,
      show: [],
      filter: [],
      search: [],
      getAllShow: [],
      getAllFilter: [],
      getAllSearch: [],
      reverseCursorMs: [],
      forwardThenReverseMs: [],
    },
    photoImport: { photos: 0, imports: [], plain: [], uncopied: [], importMs: [], finished: '' },
    broken: [],
  };
  const needsStories = ['typing', 'open', 'saves', 'checking'].some(
    (part) => plan.only?.has(part) ?? true,
  );
  const session = needsStories ? await openSession(staticDir, 'stories') : null;
  if (session !== null)
    try {
      const seeding = await benchPage(session.browser.context, session.server);
      const storyIds = new Map<number, string>();
      for (const words of plan.storyWords) {
        storyIds.set(
          words,
          await seeding.evaluate((count) => window.bench.seedStory(count, 1), words),
        );
      }
      const isCheckingSelected = plan.only?.has('checking') ?? true;
      const slippedId = isCheckingSelected
        ? await seeding.evaluate(
            (count) => window.bench.seedStory(count, 2, true),
            plan.storyWords[1] ?? Math.max(...plan.storyWords),
          )
        : '';
      await seeding.close();
      const largest = Math.max(...plan.storyWords);
      const middle = plan.storyWords[1] ?? largest;
      await attempt('typing', () => measureTyping(session, plan, storyIds, samples));
      await attempt('open', () =>
        measureOpen(session, plan, largest, storyIds.get(largest) ?? '', samples),
      );
      await attempt('saves', () =>
        measureSaves(session, plan, storyIds.get(middle) ?? '', samples),
      );
      await attempt('checking', () => measureFirstFlags(session, plan, middle, slippedId, samples));
    } finally {
      await closeSession(session);
    }
  await attempt('list', () => measureList(staticDir, plan, samples));
  await attempt('photoImport', () => measurePhotoImport(staticDir, plan, samples));
  return samples;
}
