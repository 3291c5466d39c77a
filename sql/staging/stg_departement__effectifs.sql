/* ---
materialized: view
description: Postes par site, métier et mois (ETP, postes ouverts et vacants, file active), des livraisons actives.
checks:
  not_null: [mois, site_id, metier]
--- */
SELECT
  e.mois,
  e.site_id,
  e.metier,
  e.etp,
  e.postes_ouverts,
  e.postes_vacants,
  e.file_active,
  l.date_extraction AS date_donnees
FROM raw.effectifs AS e
JOIN meta.livraisons AS l ON l.livraison_id = e._livraison AND l.active
