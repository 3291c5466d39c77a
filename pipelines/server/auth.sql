-- Postgres: the server's own tables (accounts, sessions, audit log, uploads awaiting or after
-- their import), beside the job queue. Idempotent: run at every start.
CREATE SCHEMA IF NOT EXISTS solidata_auth;

CREATE TABLE IF NOT EXISTS solidata_auth.accounts (
  name           TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  role           TEXT NOT NULL CHECK (role IN ('lecteur', 'import', 'admin')),
  -- scrypt$N$r$p$salt$hash (base64url): never the password itself.
  password_hash  TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_login_at  TIMESTAMPTZ
);

-- Only the SHA-256 of a session token is kept: a copy of this table opens no session.
CREATE TABLE IF NOT EXISTS solidata_auth.sessions (
  token_sha256  TEXT PRIMARY KEY,
  account       TEXT NOT NULL REFERENCES solidata_auth.accounts (name) ON DELETE CASCADE,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry ON solidata_auth.sessions (expires_at);
-- A session also ends after a while without a request (serveur.inactivite_minutes).
ALTER TABLE solidata_auth.sessions ADD COLUMN IF NOT EXISTS last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- A password given to a person by someone else (the first admin's, printed in a terminal) is
-- changed at the first login before anything else is served.
ALTER TABLE solidata_auth.accounts ADD COLUMN IF NOT EXISTS must_change_password BOOLEAN NOT NULL DEFAULT false;

-- Every login (refused ones too), logout, upload, import and change of accounts. No foreign key:
-- the log outlives the accounts it names.
CREATE TABLE IF NOT EXISTS solidata_auth.audit (
  id       BIGSERIAL PRIMARY KEY,
  at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  account  TEXT,
  action   TEXT NOT NULL,
  address  TEXT,
  detail   JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_at ON solidata_auth.audit (at DESC);
CREATE INDEX IF NOT EXISTS audit_login ON solidata_auth.audit (address, account, at DESC) WHERE action IN ('login', 'login_refused');

-- A file sent from the browser: validated (dry run), then confirmed into an import job, or dropped.
CREATE TABLE IF NOT EXISTS solidata_auth.uploads (
  id             UUID PRIMARY KEY,
  account        TEXT NOT NULL,
  source         TEXT NOT NULL,
  file_name      TEXT NOT NULL,
  path           TEXT NOT NULL,
  questionnaire  TEXT,
  producteur     TEXT,
  periode        TEXT,
  state          TEXT NOT NULL,
  -- The run of the import job once confirmed (solidata.materialisations.run_id).
  run_id         UUID,
  summary        JSONB NOT NULL DEFAULT '{}',
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  confirmed_at   TIMESTAMPTZ
);
-- 'questionnaire': a consultation export waiting for its questionnaire to be described in the page.
-- The check is named and replaced, so that a database made before a state was added takes it.
ALTER TABLE solidata_auth.uploads DROP CONSTRAINT IF EXISTS uploads_state_check;
ALTER TABLE solidata_auth.uploads ADD CONSTRAINT uploads_state_check CHECK (state IN ('questionnaire', 'validated', 'confirmed', 'cancelled'));
