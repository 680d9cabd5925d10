/**
 * One figure's raw material as a benchmark measures it: run.ts summarises the samples, judges the
 * statistic against the target and sets each baseline's ratio.
 */
export interface FigureSpec {
  id: string;
  figure: string;
  /** Milliseconds unless said. */
  unit?: 'ms' | 'pages/s';
  /** Which statistic the target and the ratios are judged on. */
  statistic: 'p95' | 'median' | 'max' | 'mean';
  samples: readonly number[];
  baselines: Array<{ name: string; samples: readonly number[] }>;
  target: string;
  /** Null when the target does not apply to this value. */
  meets: (value: number) => boolean | null;
  note?: string;
}
