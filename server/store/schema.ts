/**
 * The tables of the newsroom store, as Kysely sees them. One schema for both dialects: times are
 * epoch ms in BIGINT columns (read back as numbers), flags are 0/1 integers, JSON is text, binary
 * is BLOB (SQLite) or BYTEA (PostgreSQL).
 */

/**
 * Named monotonic counters; `stories` is the change sequence, `accounts` the accounts' one,
 * `words` the dictionary's.
 */
export interface CounterTable {
  name: string;
  value: number;
}

export interface UserTable {
  id: string;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
  /** The `accounts` counter at the account's last change of rights or sessions. */
  security_seq: number;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token: the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface SignInFailureTable {
  id: string;
  login: string;
  at: number;
}

export interface AuditTable {
  id: string;
  at: number;
  action: string;
  /** The account the entry is about. */
  login: string;
  /** Who did it: a login, or `command line`. */
  actor: string;
  detail: string;
}

export interface SettingTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: number;
}

export interface StoryTable {
  id: string;
  owner_id: string;
  created_by: string;
  slug: string;
  headline: string;
  subheadline: string;
  byline: string;
  dateline: string;
  section: string;
  source: string;
  summary: string;
  /** JSON array of strings. */
  keywords: string;
  urgency: string;
  editorial_note: string;
  language: string;
  /** JSON photo reference, or null. */
  lead_photo: string | null;
  state: string;
  state_before_spike: string | null;
  scheduled_at: number | null;
  published_path: string | null;
  correction_note: string;
  created_at: number;
  updated_at: number;
  first_published_at: number | null;
  last_published_at: number | null;
  word_count: number;
  change_seq: number;
}

export interface StoryBodyTable {
  story_id: string;
  /** Yjs update (v1) of the whole document. */
  state: Uint8Array;
  updated_at: number;
}

export interface StoryEventTable {
  id: string;
  story_id: string;
  at: number;
  actor: string;
  actor_login: string;
  role: string;
  action: string;
  from_state: string;
  to_state: string;
  note: string;
}

export interface StoryNoteTable {
  id: string;
  story_id: string;
  at: number;
  author: string;
  author_login: string;
  role: string;
  text: string;
}

export interface StoryVersionTable {
  id: string;
  story_id: string;
  created_at: number;
  author: string;
  reason: string;
  label: string;
  /** JSON of the version's fields. */
  fields: string;
  body_state: Uint8Array;
}

export interface FieldEditTable {
  id: string;
  story_id: string;
  field: string;
  /** JSON. */
  previous: string;
  /** JSON. */
  value: string;
  at: number;
  actor: string;
  actor_login: string;
  overwrote: number;
}

/** A word of the newsroom's spelling dictionary. */
export interface DictionaryWordTable {
  word: string;
  /** The login of who added it. */
  added_by: string;
  added_at: number;
  /** The `words` counter when it was added. */
  seq: number;
}

/** Every table of the store. */
export interface Database {
  counters: CounterTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  audit: AuditTable;
  settings: SettingTable;
  stories: StoryTable;
  story_bodies: StoryBodyTable;
  story_events: StoryEventTable;
  story_notes: StoryNoteTable;
  story_versions: StoryVersionTable;
  field_edits: FieldEditTable;
  dictionary_words: DictionaryWordTable;
}
