import { useState } from 'react';
import { useChecking, useCheckedValue } from './CheckingContext';
import { FlagMenu, type MenuPlace } from './FlagMenu';
import { flagsOfText, type Flag } from './flags';

/**
 * Flags of a one-line field (headline, subheadline, summary), listed under it: a field cannot hold
 * marked-up words, so each flagged word is a button opening the same menu as in the body.
 */
export function FieldFlags({
  id,
  label,
  text,
  isReadOnly,
  onReplace,
}: {
  id: string;
  label: string;
  text: string;
  isReadOnly: boolean;
  onReplace(text: string): void;
}) {
  const checking = useChecking();
  const flagsNow = (): Flag[] =>
    checking === null || text.trim() === ''
      ? []
      : flagsOfText({
          text,
          issues: checking.checker.styleOf(text)?.issues,
          language: checking.language,
          checker: checking.checker,
          isIgnored: checking.ignored.has,
        }).flags;
  // Re-rendered by an answer only when this field's flags change (see useCheckedValue).
  useCheckedValue(checking, () =>
    flagsNow()
      .map((flag) => `${flag.kind}:${flag.start}:${flag.end}:${flag.replacement ?? ''}`)
      .join('|'),
  );
  const [menu, setMenu] = useState<{ flag: Flag; place: MenuPlace; opener: HTMLElement } | null>(
    null,
  );
  const flags = flagsNow();
  if (checking === null || flags.length === 0) return null;

  function close() {
    const opener = menu?.opener;
    setMenu(null);
    opener?.focus();
  }

  return (
    <>
      <ul id={id} className="field-flags" aria-label={`${label}: spelling and house style`}>
        {flags.map((flag) => (
          <li key={`${flag.kind}-${flag.start}-${flag.text}`}>
            <button
              type="button"
              aria-haspopup="menu"
              disabled={isReadOnly}
              title={flag.message}
              onClick={(event) => {
                const rect = event.currentTarget.getBoundingClientRect();
                setMenu({
                  flag,
                  place: { x: rect.left, y: rect.bottom + 4 },
                  opener: event.currentTarget,
                });
              }}
            >
              <span aria-invalid={flag.kind} className={`flag-${flag.severity}`}>
                {flag.text}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {menu !== null ? (
        <FlagMenu
          flag={menu.flag}
          place={menu.place}
          checking={checking}
          onReplace={(replacement) => {
            onReplace(text.slice(0, menu.flag.start) + replacement + text.slice(menu.flag.end));
            close();
          }}
          onClose={close}
        />
      ) : null}
    </>
  );
}
