import { useEffect, useState } from 'react';
import {
  describeFit,
  fitHeadline,
  fitWarnings,
  type MeasureText,
} from '../../shared/style/headlineFit';
import { headlineMeasure } from './headlineFont';

/**
 * How many lines the headline takes on the article page (desktop, 375 px phone) and on the home
 * page card, in the portal's font; warns where it runs past its lines or a word would be cut.
 */
export function HeadlineFit({ id, headline }: { id: string; headline: string }) {
  const [measure, setMeasure] = useState<MeasureText | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    headlineMeasure().then(
      (loaded) => {
        if (isCurrent) setMeasure(() => loaded);
      },
      (error: unknown) => {
        if (isCurrent) {
          setProblem(
            `Headline lines are not counted: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    );
    return () => {
      isCurrent = false;
    };
  }, []);
  if (problem !== null) return <span className="field-counter">{problem}</span>;
  if (measure === null || headline.trim() === '') return null;
  const fits = fitHeadline(headline, measure);
  const warnings = fitWarnings(fits);
  return (
    <span id={id} className={warnings.length > 0 ? 'field-counter is-over' : 'field-counter'}>
      {describeFit(fits)}
      {warnings.length > 0 ? ` — ${warnings.join(' ')}` : ''}
    </span>
  );
}
