/* ---
materialized: view
description: Informations préoccupantes reçues au sujet d’enfants, des livraisons actives.
checks:
  not_null: [ip_id, date_reception]
--- */
SELECT
  i.ip_id,
  i.commune_residence,
  i.tranche_age_enfant,
  i.date_reception,
  i.date_fin_evaluation,
  i.issue,
  l.date_extraction AS date_donnees
FROM raw.ase_informations_preoccupantes AS i
JOIN meta.livraisons AS l ON l.livraison_id = i._livraison AND l.active
