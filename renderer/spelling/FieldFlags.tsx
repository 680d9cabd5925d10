import { useState } from 'react';
import { useChecking, useCheckingVersion } from './CheckingContext';
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
  useCheckingVersion(checking);
  const [menu, setMenu] = useState<{ flag: Flag; place: MenuPlace; opener: HTMLElement } | null>(
    null,
  );
  if (checking === null || text.trim() === '') return null;
  const { flags } = flagsOfText({
    text,
    issues: checking.checker.styleOf(text)?.issues,
    language: checking.language,
    checker: checking.checker,
    isIgnored: checking.ignored.has,
  });
  if (flags.length === 0) return null;

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
