/* ---
description: Communes du département (celles du référentiel des territoires) avec leur territoire d’action, leur population légale et leur centre.
checks:
  not_null: [code_commune, territoire]
  unique: [code_commune]
  # A commune of the territories file unknown to the COG would drop out of every figure by commune.
  references: { code_commune: ref.communes.code_commune }
--- */
SELECT
  t.code_commune,
  c.nom,
  c.code_departement,
  t.territoire,
  c.population,
  c.codes_postaux,
  c.latitude,
  c.longitude
FROM staging.stg_referentiel__territoires AS t
LEFT JOIN ref.communes AS c USING (code_commune)
