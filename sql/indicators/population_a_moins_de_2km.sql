/* ---
titre: Part de la population à moins de 2 km d’un lieu d’accueil
definition: Part de la population (légale) dont le centre de la commune est à moins de 2 km à vol d’oiseau (distance réglée par l’observatoire) d’un lieu d’accueil ouvert à la date des données.
unite: "%"
theme: proximite
sources: [sites, territoires]
niveaux: [commune, territoire, departement]
precautions: Distance à vol d’oiseau depuis le centre de la commune, pas le temps de trajet ; une commune est entièrement « proche » ou non. Les unités mobiles comptent à chacun de leurs arrêts.
--- */
WITH ouverts AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE latitude IS NOT NULL
    AND (date_ouverture IS NULL OR date_ouverture <= (SELECT max(date_donnees) FROM staging.stg_sls__sites))
    AND (date_fermeture IS NULL OR date_fermeture > (SELECT max(date_donnees) FROM staging.stg_sls__sites))
),
distances AS (
  -- Equirectangular distance in km: exact enough within a département.
  SELECT c.code_commune, c.nom, c.territoire, c.code_departement, c.population,
    min(6371 * sqrt(pow(radians(o.longitude - c.longitude) * cos(radians((o.latitude + c.latitude) / 2)), 2)
      + pow(radians(o.latitude - c.latitude), 2))) AS distance_km
  FROM intermediate.int_communes AS c, ouverts AS o
  WHERE c.latitude IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    d.population,
    d.distance_km <= coalesce(getvariable('proximite_km'), 2) AS proche
  FROM distances AS d LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: d.code_commune, libelle: d.nom},
      {niveau: 'territoire', code: d.territoire, libelle: d.territoire},
      {niveau: 'departement', code: d.code_departement, libelle: dep.nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle,
  (SELECT strftime(max(date_donnees), '%Y-%m-%d') FROM staging.stg_sls__sites) AS periode,
  -- A commune with nobody near: 0 %, not empty.
  100.0 * coalesce(sum(population) FILTER (WHERE proche), 0) / nullif(sum(population), 0) AS valeur,
  coalesce(sum(population) FILTER (WHERE proche), 0) AS numerateur, sum(population) AS denominateur,
  NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code
