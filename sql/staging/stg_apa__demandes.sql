/* ---
materialized: view
description: Demandes d’allocation personnalisée d’autonomie (APA), des livraisons actives.
checks:
  not_null: [demande_id, usager_pseudo, date_depot]
--- */
SELECT
  a.demande_id,
  a.usager_pseudo,
  a.commune_residence,
  a.tranche_age_pa,
  a.date_depot,
  a.date_dossier_complet,
  a.date_decision,
  a.lieu,
  a.gir,
  a.decision,
  l.date_extraction AS date_donnees
FROM raw.apa_demandes AS a
JOIN meta.livraisons AS l ON l.livraison_id = a._livraison AND l.active
