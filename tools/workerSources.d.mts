import type { Plugin } from 'esbuild';

/** The worker constants for esbuild's `define`, and the source files they were made from. */
export interface WorkerSources {
  define: Record<string, string>;
  inputs: string[];
}
/** Constant name → the worker's entry file (relative to the repository). */
export const WORKER_ENTRIES: Record<string, string>;
/** Bundles every worker (esbuild). */
export function bundleWorkerSources(root: string): Promise<WorkerSources>;
/** The same, synchronously (vitest's configuration). */
export function bundleWorkerSourcesSync(root: string): WorkerSources;
/** An esbuild plugin defining the worker constants in the bundle it builds. */
export function workerSourcesPlugin(sources: Promise<WorkerSources>): Plugin;
