import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { Alert } from './Alert';
import { errorMessage } from './errorMessage';

function logFailure(error: unknown): void {
  console.error('A view of the workstation failed', error);
}

/**
 * Keeps one view's failure inside that view: the shell and navigation stay, the view says what
 * failed and offers `Reload this view`; moving to another view (a new `resetKey`) leaves it too.
 * What was saved before the failure stays saved: a story's saver writes its queued edits as the
 * failed view unmounts.
 */
export function ViewBoundary({
  name,
  resetKey,
  children,
}: {
  /** The view as people call it, e.g. `story` or `stories list`. */
  name: string;
  resetKey: string;
  children: ReactNode;
}) {
  return (
    <ErrorBoundary
      resetKeys={[resetKey]}
      onError={logFailure}
      fallbackRender={({ error, resetErrorBoundary }: FallbackProps) => (
        <section className="view-failed" aria-label="View failed">
          <Alert message={`The ${name} view stopped working: ${errorMessage(error)}`}>
            <button type="button" onClick={() => resetErrorBoundary()}>
              Reload this view
            </button>
          </Alert>
          <p className="view-failed-help">
            The rest of the workstation still works: choose another view above, or reload this one.
            Everything saved before this is kept.
          </p>
        </section>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/** The last line of defence: if the shell itself fails, say so instead of leaving a blank window. */
export function AppBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      onError={logFailure}
      fallbackRender={({ error }: FallbackProps) => (
        <div className="app-failed">
          <h1>The workstation stopped working</h1>
          <Alert message={errorMessage(error)}>
            <button type="button" onClick={() => window.location.reload()}>
              Reload the workstation
            </button>
          </Alert>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
