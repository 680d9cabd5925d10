import type { ReactNode } from 'react';

/** Props of a message that needs the person's attention. */
export interface AlertProps {
  /** The sentence read first: what failed or was refused, and what happens now. */
  message: string;
  /** One line per problem (each refused field, each reason), listed under the message. */
  details?: readonly string[];
  /** `error` (the default) for what failed or was refused; `warning` for what worked, with a catch. */
  level?: 'error' | 'warning';
  /**
   * `box` (the default): the message in its coloured box, with `children` (buttons such as `Try
   * again` or `Dismiss`) beside it. `line`: the text alone, for a list that styles its own lines.
   */
  look?: 'box' | 'line';
  className?: string;
  children?: ReactNode;
}

/**
 * The one way the renderer shows an error or refusal: `role="alert"`, so screen readers announce
 * it and tests find it (UI.md), with the message, its details and any actions.
 */
export function Alert({
  message,
  details = [],
  level = 'error',
  look = 'box',
  className,
  children,
}: AlertProps) {
  if (look === 'line') {
    return (
      <div role="alert" className={className}>
        {message}
      </div>
    );
  }
  const classes = ['message', `message-${level}`, className].filter(Boolean).join(' ');
  return (
    <div role="alert" className={classes}>
      <div>
        <p>{message}</p>
        {details.length > 0 ? (
          <ul>
            {details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {children}
    </div>
  );
}
