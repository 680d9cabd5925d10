/**
 * The tables of the newsroom store, as Kysely sees them. One schema for both dialects: times are
 * epoch ms in BIGINT columns (read back as numbers), flags are 0/1 integers, JSON is text, binary
 * is BLOB (SQLite) or BYTEA (PostgreSQL).
 */

/**
 * Named monotonic counters; `stories` is the change sequence, `accounts` the accounts' one,
 * `photos` the photo library's, `site` the published site's generations, `words` the dictionary's.
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

/**
 * A photo of the newsroom's library (issue 11): the record the server made when it checked and
 * rendered the file (the files themselves live in the data folder's media library, by SHA-256),
 * and the fields the photo desk edits. `change_seq` is its place in the `photos` sequence.
 */
export interface PhotoTable {
  /** SHA-256 (hex) of the original. */
  id: string;
  file_name: string;
  mime_type: string;
  width: number;
  height: number;
  byte_size: number;
  taken_at: number | null;
  object_name: string;
  city: string;
  country: string;
  /** JSON array of renditions. */
  renditions: string;
  caption: string;
  credit: string;
  photographer: string;
  copyright: string;
  alt_text: string;
  imported_at: number;
  /** The login of the account whose upload brought it. */
  imported_by: string;
  updated_at: number;
  change_seq: number;
}

/** One generation of the published site, in the order they were made (`seq`, the `site` counter). */
export interface SiteGenerationTable {
  id: string;
  seq: number;
  created_at: number;
  file_count: number;
}

/** Every file of the newest site generation: what every publish target must end up holding. */
export interface SiteFileTable {
  path: string;
  /** SHA-256 (hex) of the content. */
  sha256: string;
  size: number;
}

/**
 * A publish target: where the site is copied (`sftp://` or `s3://`), and its outbox's state. No
 * credential is stored: SFTP reads its key file, S3 its keys from the server's environment.
 */
export interface TargetTable {
  name: string;
  url: string;
  /** S3: the endpoint URL of an S3-compatible service; null for AWS itself or SFTP. */
  endpoint: string | null;
  region: string | null;
  /** SFTP: the private key file's path. */
  identity_file: string | null;
  /** SFTP: the pinned host key, `SHA256:…` (given, or the first one seen). */
  host_key: string | null;
  created_at: number;
  /** The process uploading to it now, and until when its lease holds. */
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  /** Failed attempts in a row (the backoff grows with it). */
  failures: number;
  next_attempt_at: number | null;
  /**
   * The site folders (a JSON array of strings, `""` the site's root) that the puts of a pass that
   * did not finish wrote in: a put cut short may have left its temporary file there, for the next
   * pass to remove. Null once a pass has finished.
   */
  put_folders: string | null;
}

/** What a target holds: each file uploaded and the content it had (per-file outbox progress). */
export interface TargetFileTable {
  target_name: string;
  path: string;
  sha256: string;
  size: number;
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
  photos: PhotoTable;
  site_generations: SiteGenerationTable;
  site_files: SiteFileTable;
  targets: TargetTable;
  target_files: TargetFileTable;
  dictionary_words: DictionaryWordTable;
}
