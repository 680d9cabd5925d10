/** A problem with the file being imported, reported to the user as it is; nothing is kept. */
export class ImportRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A size in millions, as the refusals say it (megapixels, megabytes). */
export function millions(count: number): string {
  return (count / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 });
}
