/* ---
materialized: view
description: Lieux d’accueil des livraisons actives du référentiel des sites.
checks:
  not_null: [site_id, nom, territoire]
  unique: [site_id]
columns:
  code_departement: Numéro du département du site (début de son code commune).
--- */
SELECT
  s.site_id,
  s.nom,
  s.type,
  s.code_commune,
  left(s.code_commune, 2) AS code_departement,
  s.latitude,
  s.longitude,
  s.gestionnaire,
  s.territoire,
  s.date_ouverture,
  s.date_fermeture,
  s.jours,
  s.horaires,
  l.date_extraction AS date_donnees
FROM raw.sites AS s
JOIN meta.livraisons AS l ON l.livraison_id = s._livraison AND l.active
