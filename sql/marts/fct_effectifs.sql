/* ---
description: Postes par site, métier et mois, avec le territoire du site.
checks:
  references: { site_id: staging.stg_sls__sites.site_id }
columns:
  site_nom: Nom du site (fichier sites).
--- */
SELECT
  e.mois,
  e.site_id,
  s.nom AS site_nom,
  s.territoire,
  s.code_departement,
  e.metier,
  e.etp,
  e.postes_ouverts,
  e.postes_vacants,
  e.file_active,
  e.date_donnees
FROM staging.stg_departement__effectifs AS e
LEFT JOIN staging.stg_sls__sites AS s USING (site_id)
