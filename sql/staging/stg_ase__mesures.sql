/* ---
materialized: view
description: Mesures de protection de l’enfance en cours au dernier jour du mois, par territoire et type de mesure, des livraisons actives.
checks:
  not_null: [mois, territoire, type_mesure, mesures]
--- */
SELECT
  m.mois,
  m.territoire,
  m.type_mesure,
  m.mesures
FROM raw.ase_mesures AS m
JOIN meta.livraisons AS l ON l.livraison_id = m._livraison AND l.active
