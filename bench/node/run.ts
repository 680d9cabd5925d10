import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumVersion } from '../../tests/support/browser';
import { runCollabBenchmarks } from './collab';
import { runNewsroomBodiesBenchmark } from './newsroomBodies';
import type { FigureSpec } from './figureSpec';
import { runMediaBenchmark, writePhotos, type MediaSamples } from './media';
import {
  runNewsroomPhotoBenchmark,
  runTargetBenchmark,
  type NewsroomPhotoSamples,
  type TargetSamples,
} from './newsroom';
import { runNewsroomServerBenchmarks } from './newsroomServer';
import { runPortalBenchmark, type PortalSamples } from './portal';
import { type PhotoImportTasks, runRendererBenchmarks, type RendererSamples } from './renderer';
import { summarize, type Summary } from './stats';

/** The machine a run happened on: figures from different machines are not comparable. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

/** A baseline measured in the same run, and the subject's ratio to it on the judged statistic. */
export interface Baseline {
  name: string;
  summary: Summary;
  ratio: number;
}

/** The benchmarks `--only=` can choose, each the part that measures some figures. */
export const BENCH_PARTS = [
  'typing',
  'open',
  'saves',
  'checking',
  'list',
  'photoImport',
  'media',
  'portal',
  'server',
  'collab',
  'newsroomPhotos',
  'targets',
  'newsroom',
] as const;
export type BenchPartName = (typeof BENCH_PARTS)[number];

/** One row of the issue's table. */
export interface Figure {
  id: string;
  /** The benchmark that measured it. */
  part: BenchPartName;
  figure: string;
  unit: NonNullable<FigureSpec['unit']>;
  statistic: FigureSpec['statistic'];
  value: Summary;
  baselines: Baseline[];
  target: string;
  /** Null when the target does not apply (quick runs judge nothing) or is not measurable. */
  meets: boolean | null;
  note: string;
}

/** What bench/results.json holds. */
export interface BenchResults {
  mode: 'full' | 'quick';
  /** The parts `--only=` chose, or null for all. */
  only: string[] | null;
  startedAt: string;
  seconds: number;
  machine: Machine;
  figures: Figure[];
  notMeasured: Array<{ figure: string; why: string }>;
  /** Benchmarks that could not run: `npm run bench` exits non-zero when there is any. */
  broken: Array<{ benchmark: string; error: string }>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion(),
  };
}

function pick(summary: Summary, statistic: Figure['statistic']): number {
  switch (statistic) {
    case 'p95':
      return summary.p95;
    case 'median':
    case 'mean':
      return summary.median;
    case 'max':
      return summary.max;
  }
}

function figure(options: PartFigure & { isQuick: boolean }): Figure {
  const value = summarize(options.samples);
  const judged = pick(value, options.statistic);
  return {
    id: options.id,
    part: options.part,
    figure: options.figure,
    unit: options.unit ?? 'ms',
    statistic: options.statistic,
    value,
    baselines: options.baselines.map((baseline) => {
      const summary = summarize(baseline.samples);
      return { name: baseline.name, summary, ratio: judged / pick(summary, options.statistic) };
    }),
    target: options.target,
    meets: options.isQuick || Number.isNaN(judged) ? null : options.meets(judged),
    note: options.note ?? '',
  };
}

function format(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function ratioText(ratio: number): string {
  return Number.isFinite(ratio) ? `${format(ratio)}×` : '—';
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The table as printed: one line per figure, one more per extra baseline. */
export function renderTable(results: BenchResults): string {
  const header = [
    'figure',
    'n',
    'median',
    'p95',
    'baseline (same run)',
    'median',
    'p95',
    'ratio',
    'target',
    'meets',
  ];
  const rows: string[][] = [header];
  for (const item of results.figures) {
    const [first, ...rest] = item.baselines;
    const verdict = item.meets === null ? '—' : item.meets ? 'yes' : 'NO';
    rows.push([
      item.figure,
      String(item.value.count),
      format(item.value.median),
      format(item.value.p95),
      first?.name ?? '—',
      first === undefined ? '—' : format(first.summary.median),
      first === undefined ? '—' : format(first.summary.p95),
      first === undefined ? '—' : ratioText(first.ratio),
      item.target,
      verdict,
    ]);
    for (const baseline of rest) {
      rows.push([
        '',
        '',
        '',
        '',
        baseline.name,
        format(baseline.summary.median),
        format(baseline.summary.p95),
        ratioText(baseline.ratio),
        '',
        '',
      ]);
    }
  }
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const lines = rows.map((row) =>
    row.map((cell, column) => pad(cell, widths[column] ?? 0)).join(' │ '),
  );
  lines.splice(1, 0, widths.map((width) => '─'.repeat(width)).join('─┼─'));
  const { machine: host } = results;
  return [
    `npm run bench${results.mode === 'quick' ? ' -- --quick (toy sizes: checks that every benchmark runs; judges nothing)' : ''}${results.only === null ? '' : ` (only: ${results.only.join(', ')})`}`,
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.os}; Node ${host.node}; ${host.chromium}`,
    'times in ms unless marked; ratio = subject ÷ baseline on the judged statistic (see bench/results.json)',
    '',
    ...lines,
    ...results.notMeasured.map((item) => `not measured: ${item.figure}: ${item.why}`),
    ...results.broken.map((item) => `BROKEN: ${item.benchmark}: ${item.error}`),
    ...results.figures
      .filter((item) => item.note !== '')
      .map((item) => `note: ${item.figure}: ${item.note}`),
  ].join('\n');
}

function plans(isQuick: boolean) {
  return isQuick
    ? {
        renderer: {
          storyWords: [100, 1000, 2000],
          keystrokes: 8,
          keyGapMs: 30,
          opens: 2,
          saves: 8,
          stories: 500,
          listRepetitions: 2,
          photoImports: 2,
        },
        photo: { width: 1200, height: 800, count: 3 },
        mediaRepetitions: 2,
        archive: 40,
        publishes: 2,
        rebuilds: 1,
        starts: 1,
        newsroomPhoto: { width: 1200, height: 800, repetitions: 2 },
        targets: { archived: 40, publishes: 2 },
      }
    : {
        renderer: {
          storyWords: [1000, 10_000, 100_000],
          keystrokes: 120,
          keyGapMs: 60,
          opens: 7,
          saves: 100,
          stories: 50_000,
          listRepetitions: 12,
          photoImports: 5,
        },
        photo: { width: 6000, height: 4000, count: 20 },
        mediaRepetitions: 7,
        archive: 10_000,
        // A rebuild of 10,000 stories takes minutes here: two timed ones (plus the untimed build
        // when the publisher opens) is what a bench run can afford.
        publishes: 7,
        rebuilds: 2,
        starts: 3,
        newsroomPhoto: { width: 6000, height: 4000, repetitions: 7 },
        targets: { archived: 10_000, publishes: 7 },
      };
}

/** A figure of one part of the bench, as a benchmark returns it. */
type PartFigure = FigureSpec & { part: BenchPartName };

/**
 * One benchmark as runBench runs it: the parts (`--only=`) whose figures it measures, the heading
 * printed before it, and its figures. A benchmark that throws is reported under its name as BROKEN.
 */
interface Benchmark {
  name: string;
  parts: readonly BenchPartName[];
  heading: string;
  measure(): Promise<PartFigure[]>;
}

/** A target of at most `limit` milliseconds, and its judge. */
function atMost(limit: number): Pick<FigureSpec, 'target' | 'meets'> {
  return { target: `≤ ${limit} ms`, meets: (value) => value <= limit };
}

function words(count: number): string {
  return count.toLocaleString('en');
}

function rendererFigures(renderer: RendererSamples): PartFigure[] {
  const smallest = renderer.typing[0];
  const smallP95 = summarize(smallest?.app ?? []).p95;
  const typing = renderer.typing.map((sample, index): PartFigure => {
    const isTen = index === 1;
    const isLargest = index === renderer.typing.length - 1;
    const bareSlateP95 = summarize(sample.bareSlate).p95;
    return {
      id: `typing-${sample.words}`,
      part: 'typing',
      figure: `keystroke → next frame, story view, ${words(sample.words)} words`,
      statistic: 'p95',
      samples: sample.app,
      baselines: [
        { name: 'plain <textarea>', samples: sample.textarea },
        { name: 'bare Slate, no Yjs', samples: sample.bareSlate },
      ],
      target: isTen
        ? `p95 ≤ 16 ms and ≤ 1.5 × bare Slate (${format(1.5 * bareSlateP95)})`
        : isLargest
          ? `p95 ≤ 2 × ${words(smallest?.words ?? 0)}-word p95 (${format(2 * smallP95)})`
          : 'reference for the largest',
      meets: (value) =>
        isTen
          ? value <= 16 && value <= 1.5 * bareSlateP95
          : isLargest
            ? value <= 2 * smallP95
            : null,
      note: [
        index === 0
          ? `panels open while typing: ${['fields', 'workflow bar', 'save state', 'word count', ...renderer.panels].join(', ')}; `
          : '',
        `main-thread ms per keystroke: story view ${format(sample.mainThreadMsPerKey.app)}, textarea ${format(sample.mainThreadMsPerKey.textarea)}, bare Slate ${format(sample.mainThreadMsPerKey.bareSlate)}; `,
        `React commits per keystroke: story view ${format(sample.commitsPerKey.app)}, textarea ${format(sample.commitsPerKey.textarea)}, bare Slate ${format(sample.commitsPerKey.bareSlate)}`,
      ].join(''),
    };
  });
  const checkedTyping = renderer.typing.find(
    (sample) => sample.words === renderer.typingUnchecked.words,
  );
  const uncheckedP95 = summarize(renderer.typingUnchecked.app).p95;
  const { photoImport, list } = renderer;
  /** Medians of one CPU figure of the import and its two baselines, as `a / b / c ms`. */
  function cpuMedians(of: (round: PhotoImportTasks) => number): string {
    const { imports, plain, uncopied } = photoImport;
    return `${[imports, plain, uncopied].map((rounds) => format(summarize(rounds.map(of)).median)).join(' / ')} ms`;
  }
  /** A p95 figure of the stories view at the bench's size, its target at most `limit` ms. */
  function listFigure(
    id: string,
    what: string,
    samples: readonly number[],
    limit: number,
  ): Omit<PartFigure, 'baselines'> {
    return {
      id,
      part: 'list',
      figure: `stories view, ${words(list.stories)} stories: ${what}`,
      statistic: 'p95',
      samples,
      ...atMost(limit),
    };
  }
  return [
    ...typing,
    {
      id: 'typing-checking',
      part: 'typing',
      figure: `keystroke → next frame, ${words(renderer.typingUnchecked.words)} words, spelling + house style on`,
      statistic: 'p95',
      samples: checkedTyping?.app ?? [],
      baselines: [{ name: 'same story, checking off', samples: renderer.typingUnchecked.app }],
      target: `p95 ≤ 1.2 × off (${format(1.2 * uncheckedP95)})`,
      meets: (value) => value <= 1.2 * uncheckedP95,
    },
    {
      id: 'first-flags',
      part: 'checking',
      figure: `open a ${words(renderer.firstFlags.words)}-word story until its first underline`,
      statistic: 'p95',
      samples: renderer.firstFlags.flagged,
      baselines: [
        { name: 'same story opened, checking off', samples: renderer.firstFlags.uncheckedOpen },
      ],
      ...atMost(1000),
      note: 'the app was open 2 s before (the dictionary loads when the app starts)',
    },
    {
      id: 'open-story',
      part: 'open',
      figure: `open a ${words(renderer.open.words)}-word story until it accepts typing`,
      statistic: 'p95',
      samples: renderer.open.story,
      baselines: [{ name: 'same Y.Doc bytes loaded alone', samples: renderer.open.docAlone }],
      ...atMost(1000),
      note: renderer.open.acceptedTyping
        ? ''
        : 'typing right after the measured point did NOT reach the body',
    },
    {
      id: 'keystroke-durable',
      part: 'typing',
      figure: `keystroke → committed in IndexedDB (story view, ${words(renderer.keyToCommit.words)} words)`,
      statistic: 'p95',
      samples: renderer.keyToCommit.app,
      baselines: [{ name: 'raw IndexedDB put, same update', samples: renderer.saves.rawCommit }],
      ...atMost(1000),
    },
    {
      id: 'save-main-thread',
      part: 'saves',
      figure: 'main-thread time per save (story saver)',
      statistic: 'mean',
      samples: [renderer.saves.saverMainThreadMsPerSave],
      baselines: [
        {
          name: 'raw IndexedDB put, same update',
          samples: [renderer.saves.rawMainThreadMsPerSave],
        },
      ],
      ...atMost(5),
      note: `CDP TaskDuration over ${renderer.saves.saverCommit.length} saves, each a one-character edit then flush (${renderer.saves.saverBytes} vs ${renderer.saves.rawBytes} update bytes); saver edit→commit p95 ${format(summarize(renderer.saves.saverCommit).p95)} ms`,
    },
    {
      ...listFigure('stories-first-rows', 'first rows painted', list.show, 200),
      baselines: [{ name: 'IndexedDB getAll, all rows', samples: list.getAllShow }],
      note: `diagnosis: all keys newest first via Dexie reverse().primaryKeys() (cursor) median ${format(summarize(list.reverseCursorMs).median)} ms vs forward primaryKeys() then Array.reverse() ${format(summarize(list.forwardThenReverseMs).median)} ms`,
    },
    {
      ...listFigure('stories-filter', 'filter by state', list.filter, 50),
      baselines: [{ name: 'IndexedDB getAll, same state', samples: list.getAllFilter }],
    },
    {
      ...listFigure('stories-search', 'search a word', list.search, 100),
      baselines: [{ name: 'IndexedDB getAll, same term', samples: list.getAllSearch }],
    },
    {
      id: 'photo-import-long-task',
      part: 'photoImport',
      figure: `longest renderer task during a ${photoImport.photos}-photo import`,
      statistic: 'p95',
      samples: photoImport.imports.map((round) => round.wallMs),
      baselines: [
        {
          name: 'same files copied + posted, plain fetch',
          samples: photoImport.plain.map((round) => round.wallMs),
        },
        {
          name: 'same Files posted as is, no copy',
          samples: photoImport.uncopied.map((round) => round.wallMs),
        },
      ],
      ...atMost(50),
      note: `one sample per import, each into a fresh library, from a trace of every main-thread task (wall time); medians of import / copied / uncopied: CPU time the longest task got ${cpuMedians((round) => round.cpuMs)}, most CPU in one task ${cpuMedians((round) => round.mostCpuMs)}, all tasks' CPU ${cpuMedians((round) => round.totalCpuMs)}; tasks over 50 ms per import: ${photoImport.imports.map((round) => round.overLimit).join(', ')}; CPU pressure during the imports (share of time some thread waited for a core): ${photoImport.imports.map((round) => `${Math.round(round.cpuPressure * 100)} %`).join(', ')}; ${photoImport.finished}`,
    },
  ];
}

function mediaFigures(media: MediaSamples): PartFigure[] {
  const megapixels = ((media.width * media.height) / 1e6).toFixed(0);
  return [
    {
      id: 'photo-import',
      part: 'media',
      figure: `import a ${megapixels}-MP JPEG (${(media.bytes / 1e6).toFixed(1)} MB) with all ${media.renditions} renditions`,
      statistic: 'p95',
      samples: media.import,
      baselines: [{ name: "sharp's single resize of it", samples: media.singleResize }],
      ...atMost(600),
    },
  ];
}

function portalFigures(portal: PortalSamples): PartFigure[] {
  const plainWrite = {
    name: 'same pages written with plain fs',
    samples: portal.publishPlainWrite,
  };
  return [
    {
      id: 'publish-one',
      part: 'portal',
      figure: `publish one story (${portal.pagesPerPublish} pages) with ${words(portal.archived)} in the archive`,
      statistic: 'p95',
      samples: portal.publish,
      baselines: [plainWrite],
      ...atMost(300),
    },
    {
      id: 'publish-after-start',
      part: 'portal',
      figure: `first publish after a start, ${words(portal.archived)} in the archive`,
      statistic: 'p95',
      samples: portal.publishAfterStart,
      baselines: [plainWrite],
      ...atMost(300),
      note: 'each sample opens a new publisher over the same site (awaiting its open, as the app start does), then publishes one story; the row above starts right after a rebuild',
    },
    {
      id: 'rebuild-site',
      part: 'portal',
      figure: `rebuild the whole site of ${words(portal.archived)} stories (${words(portal.sitePages)} pages, ${(portal.siteBytes / 1e6).toFixed(0)} MB)`,
      unit: 'pages/s',
      statistic: 'median',
      samples: portal.rebuildPagesPerSecond,
      baselines: [
        { name: 'same files written with plain fs', samples: portal.plainPagesPerSecond },
      ],
      target: '≥ 1000 pages/s',
      meets: (value) => value >= 1000,
      note: 'pages/s: higher is better, so a ratio below 1 means slower than plain fs; timed until the new site is live and durable, with the linked spare copy for the next publish laid out; removing the old generations follows, and is awaited before anything else is measured',
    },
  ];
}

function newsroomPhotoFigures(photos: NewsroomPhotoSamples): PartFigure[] {
  return [
    {
      id: 'newsroom-photo-thumbnail',
      part: 'newsroomPhotos',
      figure: `a ${((photos.width * photos.height) / 1e6).toFixed(0)}-MP photo (${(photos.bytes / 1e6).toFixed(1)} MB) uploaded by one workstation until its thumbnail is on another`,
      statistic: 'p95',
      samples: photos.toThumbnail,
      baselines: [{ name: 'same bytes POSTed raw, spooled', samples: photos.rawPost }],
      ...atMost(2000),
      note: 'hash, photo:exists, POST /photos (checked, 5 renditions), then the other client: photos event, photos:changes, GET thumb; both clients are Node, as a workstation main process is',
    },
    {
      id: 'newsroom-photo-library',
      part: 'newsroomPhotos',
      figure: `the same photo until the other workstation's own library has it (its Photos view shows the thumbnail)`,
      statistic: 'p95',
      samples: photos.toLibrary,
      baselines: [{ name: 'same bytes POSTed raw, spooled', samples: photos.rawPost }],
      ...atMost(2000),
      note: 'the other workstation is main’s createNewsroomPhotos: it fetches the original and imports it (checked, hashed, rendered) into its library',
    },
  ];
}

function targetFigures(targets: TargetSamples): PartFigure[] {
  return [
    {
      id: 'target-sftp',
      part: 'targets',
      figure: `publish one story on a ${words(targets.archived)}-story site until the article is on a loopback SFTP target (${targets.files} files)`,
      statistic: 'p95',
      samples: targets.toTarget,
      baselines: [
        { name: 'same files put with ssh2-sftp-client alone', samples: targets.sftpAlone },
      ],
      ...atMost(2000),
      note: 'the outbox keeps its SFTP connection open between passes; the baseline connects each time',
    },
    {
      id: 'target-local',
      part: 'targets',
      figure: `publish one story on a ${words(targets.archived)}-story server site until its current has it`,
      statistic: 'p95',
      samples: targets.local,
      baselines: [{ name: 'same files copied with plain fs', samples: targets.plainCopy }],
      ...atMost(300),
    },
  ];
}

/** Figures that belong to one part, as the benchmarks of one part return theirs. */
async function ofPart(part: BenchPartName, specs: Promise<FigureSpec[]>): Promise<PartFigure[]> {
  return (await specs).map((spec) => ({ ...spec, part }));
}

/** Runs every benchmark; writes bench/results.json and returns the printed table. */
export async function runBench(options: {
  root: string;
  isQuick: boolean;
  /** Where to write CPU profiles of the story view, or null. */
  profileDir: string | null;
  /** The only benchmarks to run, or null for all. */
  only: ReadonlySet<string> | null;
}): Promise<BenchResults> {
  const isSelected = (part: BenchPartName) => options.only?.has(part) ?? true;
  const { root, isQuick } = options;
  const started = Date.now();
  const plan = plans(isQuick);
  const figures: Figure[] = [];
  const notMeasured: BenchResults['notMeasured'] = [];
  const broken: BenchResults['broken'] = [];
  const staticDir = path.join(root, 'dist/bench/page');
  // Served beside the bench page, so the page can fetch them (see measurePhotoImport).
  const photosDir = path.join(staticDir, 'photos');
  const benchmarks: Benchmark[] = [
    {
      name: 'renderer',
      parts: ['typing', 'open', 'saves', 'checking', 'list', 'photoImport'],
      heading: 'renderer (headless Chromium, real IndexedDB, real services):',
      async measure() {
        mkdirSync(photosDir, { recursive: true });
        const photos = isSelected('photoImport')
          ? await writePhotos(photosDir, plan.photo.count, plan.photo.width, plan.photo.height)
          : [];
        const renderer = await runRendererBenchmarks(staticDir, {
          ...plan.renderer,
          profileDir: options.profileDir,
          only: options.only,
          photos: photos.map((file) => `/photos/${path.basename(file)}`),
        });
        // One part that broke leaves the others' figures standing.
        for (const failure of renderer.broken)
          broken.push({ benchmark: failure.part, error: failure.error });
        return rendererFigures(renderer);
      },
    },
    {
      name: 'photo import (main)',
      parts: ['media'],
      heading: 'main process (Node, real files, sharp):',
      async measure() {
        return mediaFigures(
          await runMediaBenchmark({
            width: plan.photo.width,
            height: plan.photo.height,
            repetitions: plan.mediaRepetitions,
          }),
        );
      },
    },
    {
      name: 'portal',
      parts: ['portal'],
      heading: 'publishing (Node, real files):',
      async measure() {
        return portalFigures(
          await runPortalBenchmark({
            archived: plan.archive,
            publishes: plan.publishes,
            rebuilds: plan.rebuilds,
            starts: plan.starts,
          }),
        );
      },
    },
    {
      name: 'newsroom server',
      parts: ['server'],
      heading: 'newsroom server (Node, embedded store, loopback HTTP):',
      measure: () => ofPart('server', runNewsroomServerBenchmarks({ root, isQuick })),
    },
    {
      name: 'collab',
      parts: ['collab'],
      heading: 'story bodies (Node clients, one newsroom server process, loopback WebSockets):',
      measure: () => ofPart('collab', runCollabBenchmarks({ root, isQuick })),
    },
    {
      name: 'newsroom photos',
      parts: ['newsroomPhotos'],
      heading: 'newsroom photos (Node clients of the server API, real files, sharp):',
      async measure() {
        return newsroomPhotoFigures(await runNewsroomPhotoBenchmark(plan.newsroomPhoto));
      },
    },
    {
      name: 'targets',
      parts: ['targets'],
      heading: 'publish targets (the server publishing, loopback sshd):',
      async measure() {
        return targetFigures(await runTargetBenchmark(plan.targets));
      },
    },
    {
      name: 'newsroom bodies',
      parts: ['newsroom'],
      heading:
        'story bodies between workstations (two browser-mode workstations, one newsroom server):',
      measure: () => ofPart('newsroom', runNewsroomBodiesBenchmark({ root, isQuick })),
    },
  ];
  try {
    for (const benchmark of benchmarks.filter((candidate) => candidate.parts.some(isSelected))) {
      console.info(benchmark.heading);
      try {
        const measured = await benchmark.measure();
        figures.push(...measured.map((spec) => figure({ ...spec, isQuick })));
      } catch (error) {
        broken.push({ benchmark: benchmark.name, error: errorText(error) });
      }
    }
  } finally {
    rmSync(photosDir, { recursive: true, force: true });
  }
  // Only what ran is shown: a part left out by --only prints nothing. A selected figure left without
  // samples belongs to a part that broke: it is reported, not shown.
  const ran = figures.filter((item) => isSelected(item.part));
  for (const item of ran.filter((candidate) =>
    Number.isNaN(pick(candidate.value, candidate.statistic)),
  )) {
    notMeasured.push({ figure: item.figure, why: 'its benchmark broke (see BROKEN)' });
  }
  const results: BenchResults = {
    mode: isQuick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    only: options.only === null ? null : [...options.only],
    figures: ran.filter((item) => !Number.isNaN(pick(item.value, item.statistic))),
    notMeasured,
    broken,
  };
  writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
