-- The warehouse's own bookkeeping: every delivery received, active or replaced.
CREATE SCHEMA IF NOT EXISTS meta;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS meta.livraisons (
  livraison_id    VARCHAR PRIMARY KEY,
  source          VARCHAR NOT NULL,
  producteur      VARCHAR NOT NULL,
  periode         VARCHAR NOT NULL,
  fichier         VARCHAR NOT NULL,
  sha256          VARCHAR NOT NULL,
  encodage        VARCHAR NOT NULL,
  lignes          BIGINT NOT NULL,
  date_extraction DATE,
  recue_le        TIMESTAMP NOT NULL,
  active          BOOLEAN NOT NULL
);
-- The result of every check of every materialisation, errors and warnings alike.
CREATE TABLE IF NOT EXISTS meta.controles (
  run_id      VARCHAR NOT NULL,
  actif       VARCHAR NOT NULL,
  controle    VARCHAR NOT NULL,
  gravite     VARCHAR NOT NULL,   -- erreur | avertissement
  reussi      BOOLEAN NOT NULL,
  message     VARCHAR,
  verifie_le  TIMESTAMP NOT NULL
);
