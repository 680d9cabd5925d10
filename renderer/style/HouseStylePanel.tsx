import { useId, useState, type FormEvent } from 'react';
import {
  DEFAULT_STYLE_RULES,
  SEVERITIES,
  SEVERITY_LABELS,
  type Severity,
  type StyleRule,
} from '../../shared/style/rules';
import { ruleProblem } from '../../shared/style/check';
import { useSettings } from '../app/SettingsContext';
import './houseStyle.css';

/** The form's copy of a rule: exceptions one per line, the fix as text (empty: none). */
interface Draft {
  id: string;
  kind: StyleRule['kind'];
  label: string;
  pattern: string;
  exceptions: string;
  expected: string;
  message: string;
  replacement: string;
  severity: Severity;
  isCaseSensitive: boolean;
}

function draftOf(rule: StyleRule): Draft {
  return {
    id: rule.id,
    kind: rule.kind,
    label: rule.label,
    pattern: rule.pattern,
    exceptions: rule.exceptions.join('\n'),
    expected: rule.expected,
    message: rule.message,
    replacement: rule.replacement ?? '',
    severity: rule.severity,
    isCaseSensitive: rule.isCaseSensitive,
  };
}

function ruleOf(draft: Draft, isEnabled: boolean): StyleRule {
  return {
    id: draft.id,
    kind: draft.kind,
    label: draft.label.trim(),
    pattern: draft.pattern,
    exceptions: draft.exceptions.split('\n').filter((line) => line.trim() !== ''),
    expected: draft.expected,
    isCaseSensitive: draft.isCaseSensitive,
    message: draft.message.trim(),
    replacement: draft.replacement === '' ? null : draft.replacement,
    severity: draft.severity,
    isEnabled,
  };
}

/** An id for a new rule from its name, unique among the rules. */
function newRuleId(label: string, rules: readonly StyleRule[]): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'rule';
  let id = base;
  for (let number = 2; rules.some((rule) => rule.id === id); number += 1) id = `${base}-${number}`;
  return id;
}

function RuleForm({
  draft,
  onSave,
  onCancel,
}: {
  draft: Draft;
  onSave(draft: Draft): Promise<string | null>;
  onCancel(): void;
}) {
  const [value, setValue] = useState(draft);
  const [error, setError] = useState<string | null>(null);
  const baseId = useId();

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (value.label.trim() === '' || value.message.trim() === '') {
      setError('Give the rule a name and a message.');
      return;
    }
    const problem = ruleProblem(ruleOf(value, true));
    if (problem !== null) {
      setError(problem);
      return;
    }
    setError(await onSave(value));
  }

  function field(key: 'label' | 'pattern' | 'message' | 'replacement', label: string) {
    return (
      <label htmlFor={`${baseId}-${key}`}>
        {label}
        <input
          id={`${baseId}-${key}`}
          type="text"
          value={value[key]}
          onChange={(event) => setValue({ ...value, [key]: event.target.value })}
        />
      </label>
    );
  }

  return (
    <form
      className="rule-form"
      aria-label="Edit rule"
      onSubmit={(event) => void handleSubmit(event)}
    >
      {field('label', 'Rule name')}
      {value.kind === 'repeatedWord' ? null : field('pattern', 'Pattern (regular expression)')}
      <label htmlFor={`${baseId}-exceptions`}>
        Exceptions (one regular expression a line)
        <textarea
          id={`${baseId}-exceptions`}
          rows={2}
          value={value.exceptions}
          onChange={(event) => setValue({ ...value, exceptions: event.target.value })}
        />
      </label>
      {field('message', 'Message')}
      {field('replacement', 'Fix (empty: none)')}
      <label htmlFor={`${baseId}-severity`}>
        Severity
        <select
          id={`${baseId}-severity`}
          value={value.severity}
          onChange={(event) => {
            const severity = SEVERITIES.find((candidate) => candidate === event.target.value);
            if (severity !== undefined) setValue({ ...value, severity });
          }}
        >
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_LABELS[severity]}
            </option>
          ))}
        </select>
      </label>
      <label className="rule-check">
        <input
          type="checkbox"
          checked={value.isCaseSensitive}
          onChange={(event) => setValue({ ...value, isCaseSensitive: event.target.checked })}
        />
        Match case
      </label>
      {error !== null ? (
        <p role="alert" className="message message-error">
          {error}
        </p>
      ) : null}
      <div className="rule-actions">
        <button type="submit">Save rule</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The newsroom's house-style rules: everyone sees them; editors switch them on and off, change,
 * add and delete them (kept in settings; main refuses changes from other roles).
 */
export function HouseStylePanel() {
  const { settings, saveSettings } = useSettings();
  const rules = settings.houseStyle;
  const canEdit = settings.role === 'editor';
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(next: StyleRule[]): Promise<string | null> {
    const result = await saveSettings({ houseStyle: next });
    const problem = result.ok
      ? null
      : [result.error.message, ...(result.error.details ?? [])].join(' ');
    setError(problem);
    return problem;
  }

  async function saveDraft(draft: Draft): Promise<string | null> {
    const existing = rules.find((rule) => rule.id === draft.id);
    const rule = ruleOf(draft, existing?.isEnabled ?? true);
    const next =
      existing === undefined
        ? [...rules, rule]
        : rules.map((candidate) => (candidate.id === rule.id ? rule : candidate));
    const problem = await save(next);
    if (problem === null) setEditing(null);
    return problem;
  }

  const newDraft: Draft = {
    id: '',
    kind: 'pattern',
    label: '',
    pattern: '',
    exceptions: '',
    expected: '',
    message: '',
    replacement: '',
    severity: 'warning',
    isCaseSensitive: true,
  };

  return (
    <section className="house-style" aria-label="House style">
      <h2>House style</h2>
      {canEdit ? null : <p className="field-help">Editors change the house-style rules.</p>}
      {error !== null ? (
        <p role="alert" className="message message-error">
          {error}
        </p>
      ) : null}
      <ul className="rule-list">
        {rules.map((rule) => (
          <li key={rule.id}>
            {editing === rule.id ? (
              <RuleForm
                draft={draftOf(rule)}
                onSave={saveDraft}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <div className="rule-row">
                <label className="rule-check">
                  <input
                    type="checkbox"
                    checked={rule.isEnabled}
                    disabled={!canEdit}
                    aria-label={`Use rule: ${rule.label}`}
                    onChange={(event) =>
                      void save(
                        rules.map((candidate) =>
                          candidate.id === rule.id
                            ? { ...candidate, isEnabled: event.target.checked }
                            : candidate,
                        ),
                      )
                    }
                  />
                  <span className="rule-label">{rule.label}</span>
                </label>
                <span className={`rule-severity rule-severity-${rule.severity}`}>
                  {SEVERITY_LABELS[rule.severity]}
                </span>
                <p className="rule-message">{rule.message}</p>
                {canEdit ? (
                  <div className="rule-actions">
                    <button
                      type="button"
                      aria-label={`Edit rule: ${rule.label}`}
                      onClick={() => setEditing(rule.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      aria-label={`Delete rule: ${rule.label}`}
                      onClick={() => void save(rules.filter((candidate) => candidate !== rule))}
                    >
                      Delete
                    </button>
                  </div>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && editing === '' ? (
        <RuleForm
          draft={newDraft}
          onSave={(draft) => saveDraft({ ...draft, id: newRuleId(draft.label, rules) })}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {canEdit ? (
        <div className="rule-actions">
          <button type="button" onClick={() => setEditing('')}>
            Add rule
          </button>
          <button type="button" onClick={() => void save(DEFAULT_STYLE_RULES)}>
            Restore the default rules
          </button>
        </div>
      ) : null}
    </section>
  );
}
