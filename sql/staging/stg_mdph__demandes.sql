/* ---
materialized: view
description: Demandes adressées à la MDPH (une ligne par prestation demandée), des livraisons actives.
checks:
  not_null: [demande_id, usager_pseudo, date_depot, prestation]
--- */
SELECT
  m.demande_id,
  m.usager_pseudo,
  m.commune_residence,
  m.tranche_age,
  m.date_depot,
  m.date_decision,
  m.prestation,
  m.decision,
  l.date_extraction AS date_donnees
FROM raw.mdph_demandes AS m
JOIN meta.livraisons AS l ON l.livraison_id = m._livraison AND l.active
