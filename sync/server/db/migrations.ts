// Versioned schema migrations, applied in order at start. Never edit a released migration: add one.
import type { Database } from './types.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One statement per entry: PGlite's parameterised query runs a single statement. */
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'terminals, catalog, applications, sequence',
    statements: [
      // One platform-wide sequence orders every replicated change. It is a row, not a SEQUENCE, on purpose:
      // taking it with UPDATE holds a row lock until commit, so writers commit in sequence order and a
      // pull can never skip a change that commits late with a lower number.
      `CREATE TABLE sync_sequence (id integer PRIMARY KEY, value bigint NOT NULL)`,
      `INSERT INTO sync_sequence (id, value) VALUES (1, 0)`,
      `CREATE TABLE terminals (
         id text PRIMARY KEY,
         key_salt text NOT NULL,
         key_hash text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         last_seen_at timestamptz
       )`,
      `CREATE TABLE catalog_items (
         id text PRIMARY KEY,
         doc jsonb NOT NULL,
         seq bigint NOT NULL UNIQUE,
         published_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE applications (
         id text PRIMARY KEY,
         terminal_id text NOT NULL REFERENCES terminals (id),
         doc jsonb NOT NULL,
         status text NOT NULL,
         seq bigint NOT NULL UNIQUE,
         received_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX applications_terminal_seq ON applications (terminal_id, seq)`,
      `CREATE TABLE application_status_history (
         id bigserial PRIMARY KEY,
         application_id text NOT NULL REFERENCES applications (id),
         from_status text,
         to_status text NOT NULL,
         note text NOT NULL DEFAULT '',
         changed_by text NOT NULL,
         changed_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX application_status_history_app ON application_status_history (application_id, id)`,
    ],
  },
  {
    version: 2,
    name: 'enrolment, signed requests, heartbeats, reviews',
    statements: [
      // Static keys are no longer accepted: terminals enrol and sign. The old columns stay (released
      // migration) but are no longer required.
      `ALTER TABLE terminals ALTER COLUMN key_salt DROP NOT NULL`,
      `ALTER TABLE terminals ALTER COLUMN key_hash DROP NOT NULL`,
      // HMAC-SHA256(credential, label): enough to verify signatures, not the credential itself.
      `ALTER TABLE terminals ADD COLUMN signing_key text`,
      `ALTER TABLE terminals ADD COLUMN enrolled_at timestamptz`,
      `ALTER TABLE terminals ADD COLUMN revoked_at timestamptz`,
      `ALTER TABLE terminals ADD COLUMN public_info jsonb`,
      `ALTER TABLE terminals ADD COLUMN last_heartbeat_at timestamptz`,
      `ALTER TABLE terminals ADD COLUMN version text`,
      `ALTER TABLE terminals ADD COLUMN queue_depth integer`,
      `ALTER TABLE terminals ADD COLUMN oldest_waiting_at text`,
      `ALTER TABLE terminals ADD COLUMN device_health jsonb`,
      `CREATE TABLE enrollment_codes (
         terminal_id text NOT NULL REFERENCES terminals (id),
         code_hash text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL,
         used_at timestamptz,
         PRIMARY KEY (terminal_id, code_hash)
       )`,
      // Nonces seen within the signature window, per terminal; pruned once older than the window.
      `CREATE TABLE request_nonces (
         terminal_id text NOT NULL,
         nonce text NOT NULL,
         seen_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (terminal_id, nonce)
       )`,
      `CREATE INDEX request_nonces_seen ON request_nonces (seen_at)`,
      `CREATE TABLE reviews (
         id text PRIMARY KEY,
         terminal_id text NOT NULL REFERENCES terminals (id),
         doc jsonb NOT NULL,
         level integer NOT NULL,
         service_id text NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX reviews_service ON reviews (service_id, received_at)`,
    ],
  },
  {
    version: 3,
    name: 'identity QR signing keys',
    statements: [
      // Ed25519 keys that sign citizens' identity QRs (sync/protocol/qr-identity.ts). The newest unretired
      // key signs; retired keys stay published until QRs signed with them can no longer be valid.
      `CREATE TABLE identity_signing_keys (
         kid text PRIMARY KEY,
         public_jwk jsonb NOT NULL,
         private_jwk jsonb NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         retired_at timestamptz
       )`,
    ],
  },
  {
    version: 4,
    name: 'attachments: content-addressed bytes and resumable uploads',
    statements: [
      // Complete, verified attachments, one row per SHA-256 whoever uploaded it (content-addressed). In the
      // database for the reference platform; production keeps the bytes in object storage (docs/scaling.md).
      `CREATE TABLE attachments (
         sha256 text PRIMARY KEY,
         media_type text NOT NULL,
         size integer NOT NULL,
         data bytea NOT NULL,
         first_terminal_id text NOT NULL,
         stored_at timestamptz NOT NULL DEFAULT now()
       )`,
      // Uploads in progress (tus), per terminal and hash: the URL is the hash, so a restarted terminal resumes
      // with HEAD alone. Chunks are kept as rows and joined once, when the last byte arrives.
      `CREATE TABLE attachment_uploads (
         terminal_id text NOT NULL REFERENCES terminals (id),
         sha256 text NOT NULL,
         media_type text NOT NULL,
         length integer NOT NULL,
         received integer NOT NULL DEFAULT 0,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (terminal_id, sha256)
       )`,
      `CREATE TABLE attachment_upload_chunks (
         terminal_id text NOT NULL,
         sha256 text NOT NULL,
         start_offset integer NOT NULL,
         data bytea NOT NULL,
         PRIMARY KEY (terminal_id, sha256, start_offset),
         FOREIGN KEY (terminal_id, sha256) REFERENCES attachment_uploads (terminal_id, sha256) ON DELETE CASCADE
       )`,
    ],
  },
  {
    version: 5,
    name: 'audit events forwarded from terminals; held count in heartbeats',
    statements: [
      // Idempotent on (terminal, event id): the id is the event's place in the terminal's log, so a batch the
      // terminal sends again (its acknowledgement lost) is stored once. seq orders the admin listing.
      `CREATE TABLE audit_events (
         seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
         terminal_id text NOT NULL REFERENCES terminals (id),
         event_id text NOT NULL,
         at timestamptz NOT NULL,
         type text NOT NULL,
         event jsonb NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (terminal_id, event_id)
       )`,
      `CREATE INDEX audit_events_type ON audit_events (type, seq)`,
      // Heartbeats also report applications held on the terminal after a refusal (sync/client/held-applications.ts).
      `ALTER TABLE terminals ADD COLUMN held_count integer`,
    ],
  },
  {
    version: 6,
    name: 'terminal settings set by operators',
    statements: [
      // scope = 'default' (every terminal) or one terminal id (may be set before the terminal enrols).
      `CREATE TABLE terminal_settings (
         scope text PRIMARY KEY,
         settings jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
];

/** Applies pending migrations, each in its own transaction. Returns the versions applied now. */
export async function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      // Two platform processes starting together: the second waits here, then sees the version applied.
      await tx.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rows.length > 0) return false;
      for (const sql of m.statements) await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
