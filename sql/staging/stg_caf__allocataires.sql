/* ---
materialized: view
description: Foyers allocataires de la CAF par commune, prestation et mois (comptes arrondis à 5, vides quand la CAF les a masqués).
checks:
  not_null: [mois, code_commune, prestation]
--- */
SELECT
  c.mois,
  c.code_commune,
  c.prestation,
  c.foyers,
  c.personnes_couvertes,
  l.date_extraction AS date_donnees
FROM raw.caf_allocataires AS c
JOIN meta.livraisons AS l ON l.livraison_id = c._livraison AND l.active
