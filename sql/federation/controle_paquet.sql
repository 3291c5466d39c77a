-- What a federation checks in a package's data before it accepts it (the files' checksums are
-- checked before): the département the data observe, that it publishes its own département-level
-- cells, and that no masked cell carries a value (but a share's denominator,
-- published when its numerator alone is masked). Reads the views `communes` and `indicateurs`
-- over the package's Parquet files; `getvariable('departement')` is the code its descriptor declares.
SELECT
  (SELECT string_agg(DISTINCT code_departement, ',' ORDER BY code_departement) FROM communes) AS departements_communes,
  (SELECT count(*) FROM indicateurs WHERE niveau = 'departement' AND code = getvariable('departement'))::INTEGER AS cases_departement,
  -- A share whose numerator alone is a small group keeps its denominator, which is its effectif.
  (SELECT count(*) FROM indicateurs
    WHERE secret AND (valeur IS NOT NULL OR numerateur IS NOT NULL
      OR ((denominateur IS NOT NULL OR effectif IS NOT NULL) AND denominateur IS DISTINCT FROM effectif)))::INTEGER AS cases_secretes_renseignees
