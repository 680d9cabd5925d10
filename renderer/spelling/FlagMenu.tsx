import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SEVERITY_LABELS } from '../../shared/style/rules';
import type { Checking } from './CheckingContext';
import type { Flag } from './flags';
import './spelling.css';

/** Where the menu opens, in viewport pixels. */
export interface MenuPlace {
  x: number;
  y: number;
}

/** What the menu offers for a flag: replacements, then Ignore, then (spelling) Add to dictionary. */
export function FlagMenu({
  flag,
  place,
  checking,
  onReplace,
  onClose,
}: {
  flag: Flag;
  place: MenuPlace;
  checking: Checking;
  onReplace(text: string): void;
  /** Closes the menu (focus goes back where it was). */
  onClose(): void;
}) {
  const menuRef = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const [suggestions, setSuggestions] = useState<string[] | null>(
    flag.kind === 'grammar' ? (flag.replacement === null ? [] : [flag.replacement]) : null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (flag.kind !== 'spelling' || checking.language === null) return;
    let isCurrent = true;
    void checking.checker.suggest(flag.text, checking.language).then((found) => {
      if (isCurrent) setSuggestions(found);
    });
    return () => {
      isCurrent = false;
    };
  }, [checking, flag]);

  // Focus the first item, and again when the suggestions arrive (a moment later) unless the
  // person has moved in the menu meanwhile.
  const hasMoved = useRef(false);
  useEffect(() => {
    if (hasMoved.current) return;
    menuRef.current
      ?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')
      ?.focus();
  }, [suggestions]);

  useEffect(() => {
    function handlePointerDown(event: PointerEvent) {
      if (event.target instanceof Node && menuRef.current?.contains(event.target) === true) return;
      onClose();
    }
    document.addEventListener('pointerdown', handlePointerDown, true);
    return () => document.removeEventListener('pointerdown', handlePointerDown, true);
  }, [onClose]);

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>(
        '[role="menuitem"]:not([aria-disabled="true"])',
      ) ?? [],
    );
    const index = items.findIndex((item) => item === document.activeElement);
    hasMoved.current = true;
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        move(index + 1);
        return;
      case 'ArrowUp':
        event.preventDefault();
        move(index - 1);
        return;
      case 'Home':
        event.preventDefault();
        move(0);
        return;
      case 'End':
        event.preventDefault();
        move(items.length - 1);
        return;
      case 'Escape':
      case 'Tab':
        event.preventDefault();
        onClose();
        return;
    }
  }

  async function handleAddWord() {
    const problem = await checking.addWord(flag.text);
    if (problem !== null) setError(problem);
    else onClose();
  }

  const title =
    flag.kind === 'spelling'
      ? `Spelling: “${flag.text}” is not in the dictionary`
      : `${SEVERITY_LABELS[flag.severity]}: ${flag.message}`;
  return (
    <div
      ref={menuRef}
      role="menu"
      aria-labelledby={labelId}
      className="flag-menu"
      style={{ left: place.x, top: place.y }}
      onKeyDown={handleKeyDown}
    >
      <p id={labelId} className={`flag-menu-title flag-menu-${flag.kind}`}>
        {title}
      </p>
      {suggestions === null ? (
        <div role="menuitem" aria-disabled="true" className="flag-menu-waiting">
          Looking for suggestions…
        </div>
      ) : null}
      {suggestions?.length === 0 && flag.kind === 'spelling' ? (
        <div role="menuitem" aria-disabled="true" className="flag-menu-waiting">
          No suggestions
        </div>
      ) : null}
      {suggestions?.map((suggestion) => (
        <button
          key={suggestion}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="flag-menu-suggestion"
          onClick={() => onReplace(suggestion)}
        >
          {suggestion}
        </button>
      ))}
      <hr />
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        onClick={() => {
          checking.ignored.add(flag.ignoreKey);
          onClose();
        }}
      >
        Ignore
      </button>
      {flag.kind === 'spelling' ? (
        <button type="button" role="menuitem" tabIndex={-1} onClick={() => void handleAddWord()}>
          Add to dictionary
        </button>
      ) : null}
      {error !== null ? (
        <p role="alert" className="message message-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
