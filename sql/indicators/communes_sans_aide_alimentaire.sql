/* ---
titre: Communes sans point d’aide alimentaire à proximité
definition: Nombre de communes dont le centre est à plus de la distance de proximité (2 km à vol d’oiseau par défaut, distance réglée par l’observatoire) de tout point d’aide alimentaire ouvert à la date des données ; part de ces communes parmi toutes.
unite: communes
theme: horaires
sources: [sites, territoires]
niveaux: [territoire, departement]
precautions: Seuls les points d’aide alimentaire du fichier des sites (type aide_alimentaire) sont comptés ; la distance est à vol d’oiseau, pas un temps de trajet.
--- */
WITH points AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE type = 'aide_alimentaire' AND latitude IS NOT NULL
    AND (date_ouverture IS NULL OR date_ouverture <= (SELECT max(date_donnees) FROM staging.stg_sls__sites))
    AND (date_fermeture IS NULL OR date_fermeture > (SELECT max(date_donnees) FROM staging.stg_sls__sites))
),
communes AS (
  -- Equirectangular distance in km, as population_a_moins_de_2km; no point at all: none is near.
  SELECT c.code_commune, c.territoire, c.code_departement,
    coalesce(bool_or(6371 * sqrt(pow(radians(p.longitude - c.longitude) * cos(radians((p.latitude + c.latitude) / 2)), 2)
      + pow(radians(p.latitude - c.latitude), 2)) <= coalesce(getvariable('proximite_km'), 2)), false) AS proche
  FROM intermediate.int_communes AS c LEFT JOIN points AS p ON true
  WHERE c.latitude IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, c.proche
  FROM communes AS c LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: c.territoire, libelle: c.territoire},
      {niveau: 'departement', code: c.code_departement, libelle: dep.nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle,
  (SELECT strftime(max(date_donnees), '%Y-%m-%d') FROM staging.stg_sls__sites) AS periode,
  count(*) FILTER (WHERE NOT proche) AS valeur, count(*) FILTER (WHERE NOT proche) AS numerateur, count(*) AS denominateur,
  NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code
