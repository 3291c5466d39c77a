/* ---
materialized: view
description: Territoire d’action de chaque commune, d’après la livraison active du référentiel des territoires.
checks:
  not_null: [code_commune, territoire]
  unique: [code_commune]
--- */
SELECT
  t.code_commune,
  t.territoire,
  l.date_extraction AS date_donnees
FROM raw.territoires AS t
JOIN meta.livraisons AS l ON l.livraison_id = t._livraison AND l.active
