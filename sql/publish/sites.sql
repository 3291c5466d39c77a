/* ---
description: Les lieux d’accueil (données publiques) avec leur type, leur gestionnaire, leur commune, leur territoire et leurs dates d’ouverture et de fermeture.
--- */
-- Public reference data: the places where people are received (public service points), with
-- their opening days and hours.
SELECT site_id, nom, type, gestionnaire, code_commune, territoire, latitude, longitude, date_ouverture, date_fermeture
FROM staging.stg_sls__sites
ORDER BY site_id
