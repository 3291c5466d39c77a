-- Postgres: the materialisation history that graphile-worker does not keep (it deletes finished jobs).
CREATE SCHEMA IF NOT EXISTS solidata;
CREATE TABLE IF NOT EXISTS solidata.materialisations (
  id          BIGSERIAL PRIMARY KEY,
  run_id      UUID NOT NULL,
  asset       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed', 'skipped')),
  started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at    TIMESTAMPTZ,
  rows        BIGINT,
  code_hash   TEXT,
  error       TEXT,
  deliveries  JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS materialisations_asset ON solidata.materialisations (asset, started_at DESC);
CREATE INDEX IF NOT EXISTS materialisations_run ON solidata.materialisations (run_id);
-- The months (AAAA-MM) whose rows a materialisation of a partitioned asset wrote.
ALTER TABLE solidata.materialisations ADD COLUMN IF NOT EXISTS partitions TEXT[] NOT NULL DEFAULT '{}';
-- The stages of a long materialisation (the dashboard's build), each with when it began, written as they begin.
ALTER TABLE solidata.materialisations ADD COLUMN IF NOT EXISTS etapes JSONB NOT NULL DEFAULT '[]';
