import { useMemo } from 'react';
import { useShownBody, type BodyValueStore } from '../editor/bodyValueStore';
import { bodyFlags, type CountCache } from '../editor/flagDecorations';
import { useChecking, useCheckedValue } from './CheckingContext';
import { countFlags, describeCounts, flagsOfText } from './flags';

/**
 * The story's open spelling and house-style flags, counted (body and checked fields), and the
 * warning beside publishing: open flags never block it, but whoever publishes is told.
 */
export function CheckSummary({
  bodyStore,
  fieldTexts,
  canPublish,
}: {
  bodyStore: BodyValueStore;
  fieldTexts: readonly string[];
  canPublish: boolean;
}) {
  const checking = useChecking();
  const value = useShownBody(bodyStore);
  const cache = useMemo<CountCache>(() => new WeakMap(), []);
  // Counting walks the whole body (each block's flags cached): an answer re-renders the summary
  // only when the line it shows changes (see useCheckedValue).
  const described = useCheckedValue(checking, () => {
    if (checking === null) return null;
    const fieldFlags = fieldTexts.flatMap(
      (text) =>
        flagsOfText({
          text,
          issues: checking.checker.styleOf(text)?.issues,
          language: checking.language,
          checker: checking.checker,
          isIgnored: checking.ignored.has,
        }).flags,
    );
    return describeCounts(countFlags([...bodyFlags(value, checking, cache), ...fieldFlags]));
  });
  const problem = useCheckedValue(checking, () => checking?.checker.problem() ?? null);
  if (checking === null) return null;
  return (
    <div className="check-summaries">
      <p
        className={described === null ? 'check-summary' : 'check-summary has-flags'}
        aria-live="off"
      >
        {described === null ? 'No spelling or house-style flags' : described}
        {checking.language === null ? ' (spelling is checked in English stories only)' : ''}
      </p>
      {problem !== null ? <p className="check-summary has-flags">{problem}</p> : null}
      {canPublish && described !== null ? (
        <p className="check-summary publish-warning">
          Before publishing: {described} open. They do not block publishing.
        </p>
      ) : null}
    </div>
  );
}
