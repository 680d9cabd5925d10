/**
 * Records when React commits, through the hook React DevTools uses (React calls it on every commit,
 * production builds too). Installed before react-dom loads (this module is imported first). While
 * the caret is in a contenteditable, every commit anywhere in the page makes React walk the whole
 * editable's DOM to save the selection, so commits per keystroke is what typing at 10,000 words
 * costs beyond the editor's own render.
 */

const commitTimes: number[] = [];

interface DevToolsHook {
  supportsFiber: true;
  renderers: Map<number, unknown>;
  inject(renderer: unknown): number;
  onCommitFiberRoot(): void;
  onCommitFiberUnmount(): void;
  onPostCommitFiberRoot(): void;
}

declare global {
  // React looks the hook up as a global name, as DevTools defines it.
  var __REACT_DEVTOOLS_GLOBAL_HOOK__: DevToolsHook | undefined;
}

globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true,
  renderers: new Map(),
  inject(renderer) {
    const id = this.renderers.size + 1;
    this.renderers.set(id, renderer);
    return id;
  },
  onCommitFiberRoot() {
    commitTimes.push(performance.now());
  },
  onCommitFiberUnmount() {},
  onPostCommitFiberRoot() {},
};

/** How many React commits began at or after `from` and before `until`. */
export function commitsBetween(from: number, until: number): number {
  return commitTimes.filter((time) => time >= from && time < until).length;
}
