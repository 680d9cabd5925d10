import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { targetStatusSchema, type TargetStatus } from '../../shared/api/newsroomPublishing';
import { call } from '../api/client';

/** How often the Desk asks the server again: the outbox works by the second, people read slower. */
const REFRESH_MS = 5000;

/** What the Desk knows of the newsroom's publish targets. */
type TargetsView =
  | { kind: 'standalone' }
  | { kind: 'loading' }
  | { kind: 'shown'; targets: TargetStatus[]; at: number; problem: string | null };

function pendingLine(count: number): string {
  return count === 1 ? '1 file to copy' : `${count} files to copy`;
}

function timeLine(at: number): string {
  return new Date(at).toLocaleString();
}

/**
 * Each publish target of the newsroom server and whether it holds the newest site: `current`,
 * `pending` (with the files still to copy) or `failing` (with why). Shown only while signed in to a
 * newsroom; a standalone workstation publishes to its own folder and has no targets.
 */
export function PublishTargets() {
  const headingId = useId();
  const [view, setView] = useState<TargetsView>({ kind: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function refresh() {
      const status = await call('newsroom:status', {});
      if (!isCurrent) return;
      if (status.ok && status.value.state === 'signedOut') {
        setView({ kind: 'standalone' });
      } else {
        const answer = await call('newsroom:call', { channel: 'targets:status', input: {} });
        if (!isCurrent) return;
        const targets = answer.ok ? z.array(targetStatusSchema).safeParse(answer.value) : null;
        setView((previous) =>
          targets?.success === true
            ? { kind: 'shown', targets: targets.data, at: Date.now(), problem: null }
            : {
                kind: 'shown',
                // The last answer stays on screen, marked as such, while the server is away.
                targets: previous.kind === 'shown' ? previous.targets : [],
                at: previous.kind === 'shown' ? previous.at : 0,
                problem: answer.ok
                  ? 'The newsroom server answered something unreadable.'
                  : answer.error.message,
              },
        );
      }
      timer = setTimeout(() => void refresh(), REFRESH_MS);
    }
    void refresh();
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, []);

  if (view.kind === 'standalone') return null;
  return (
    <section className="desk-targets" aria-labelledby={headingId}>
      <h2 id={headingId}>Publish targets</h2>
      {view.kind === 'loading' ? (
        <p className="muted">Asking the newsroom server…</p>
      ) : (
        <>
          {view.problem !== null && (
            <p className="desk-targets-problem" role="alert">
              {view.at === 0
                ? `The targets’ state is unknown: ${view.problem}`
                : `As of ${timeLine(view.at)}: ${view.problem}`}
            </p>
          )}
          {view.targets.length === 0 && view.problem === null ? (
            <p className="muted">
              None: the server publishes to its own folder only (add one with{' '}
              <code>npm run server -- target add</code>).
            </p>
          ) : (
            <ul className="desk-target-list">
              {view.targets.map((target) => (
                <li key={target.name} className={`desk-target target-${target.state}`}>
                  <span className="desk-target-name">{target.name}</span>
                  <span className="desk-target-state">{target.state}</span>
                  {target.state !== 'current' && (
                    <span className="desk-target-pending">{pendingLine(target.pending)}</span>
                  )}
                  {target.lastSuccessAt !== undefined && (
                    <span className="muted">up to date at {timeLine(target.lastSuccessAt)}</span>
                  )}
                  {target.state === 'failing' && target.lastError !== undefined && (
                    <span className="desk-target-error">{target.lastError}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
