-- Public reference data: the places where people are received (public service points), with
-- their opening days and hours.
SELECT site_id, nom, type, gestionnaire, code_commune, territoire, latitude, longitude, date_ouverture, date_fermeture
FROM staging.stg_sls__sites
ORDER BY site_id
