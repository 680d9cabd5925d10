/**
 * What the bench page offers the Node runner (window.bench). Every timing is taken inside the page
 * with performance.now(), so the CDP round trips of the driver never enter a figure.
 */

/** One list operation as the person sees it: from their input event to the painted result. */
export type ListOperation = 'show' | 'filter' | 'search';

/** Durations (ms) of one IndexedDB experiment, and what it wrote or read. */
export interface StorageRun {
  /** From the change (or the put) to the commit of the transaction that holds it, per save. */
  commitMs: number[];
  /** Bytes of the updates written, so baseline and subject can be seen to write the same thing. */
  bytes: number;
}

/** The functions of window.bench. */
export interface BenchPageApi {
  /**
   * Writes a story of `words` words through the real repository; resolves with its id. With
   * `withSlips`, every tenth paragraph ends with a misspelling and a repeated word to flag.
   */
  seedStory(words: number, seed: number, withSlips?: boolean): Promise<string>;
  /** Turns spelling and house style on or off for the story views mounted next. */
  setChecking(isOn: boolean): void;
  /** Opens a story and resolves with ms until its body shows its first flag. */
  openStoryUntilFlagged(storyId: string): Promise<number>;
  /** Writes `count` stories (rows and their first body update) in large transactions. */
  seedStories(count: number): Promise<number>;
  /** Renders the real workstation (App, as renderer/main.tsx does). */
  mountApp(): void;
  /** Renders a plain textarea holding the same text as a story of `words` words. */
  mountTextarea(words: number, seed: number): void;
  /** Renders bare Slate (createEditor + withReact, default Editable), no Yjs, same text. */
  mountBareSlate(words: number, seed: number): void;
  /** Puts the caret in the middle of the textarea. */
  focusTextareaMiddle(): void;
  /** Starts (or stops) recording keydown-to-next-frame latencies. */
  recordKeys(isOn: boolean): void;
  /** Resolves once `count` keystrokes have been measured (their next frame has run). */
  waitForKeys(count: number): Promise<number[]>;
  /** React commits per recorded keystroke, from its keydown to the next keydown (the last: until now). */
  commitsPerKey(): number[];
  /** Keydown to commit of the IndexedDB transaction holding that keystroke, per keystroke (ms). */
  keyCommitLatencies(): Promise<number[]>;
  /** Opens a story by route and resolves with ms until its body is editable and painted. */
  openStory(storyId: string): Promise<number>;
  /** Leaves the story for the list and waits until the story view is gone. */
  leaveStory(): Promise<void>;
  /** Baseline of opening: reads the same stored updates with raw IndexedDB into a fresh Y.Doc. */
  loadDocAlone(storyId: string): Promise<number>;
  /** `count` one-character edits of the story body through the real story saver, one at a time. */
  saveThroughSaver(storyId: string, count: number, gapMs: number): Promise<StorageRun>;
  /** Baseline: the same edits on a copy of the document, each update put with raw IndexedDB. */
  saveWithRawPut(storyId: string, count: number, gapMs: number): Promise<StorageRun>;
  /** Arms a measurement of the next list change (a route change, a filter, a search). */
  armList(operation: ListOperation): void;
  /** Resolves with ms from the arming event to the painted list. */
  listResult(): Promise<number>;
  /** Baseline of the list: IndexedDB getAll of the rows an operation yields. */
  getAllRows(operation: ListOperation, argument: string): Promise<{ ms: number; rows: number }>;
  /**
   * Diagnosis of the list: the newest-first key read the stories list does (Dexie `reverse()`
   * then `primaryKeys()`, which walks a cursor) against reading the same keys forward in one
   * getAllKeys and reversing the array in JS.
   */
  compareKeyReads(): Promise<{
    reverseCursorMs: number;
    forwardThenReverseMs: number;
    keys: number;
  }>;
  /** Fetches photo files served beside the bench page and keeps them as File objects. */
  loadFiles(urls: readonly string[]): Promise<number>;
  /** Chooses the loaded files in the Photos view's `Import photos` input, as a person does. */
  chooseFilesForImport(): void;
  /**
   * Baseline of the import: posts the loaded files one by one with plain fetch to the same server
   * (an unknown channel: the body is read, then refused), with no app code.
   */
  postFilesPlain(): Promise<number>;
  /** The same, posting each File as the body itself: no arrayBuffer(), no copy on the main thread. */
  postFilesUncopied(): Promise<number>;
}

declare global {
  interface Window {
    bench: BenchPageApi;
  }
}
