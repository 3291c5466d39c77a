/* ---
titre: Part de la population proche d’un lieu ouvert le soir ou le samedi
definition: Part de la population des communes dont le centre est à moins de la distance de proximité (2 km à vol d’oiseau par défaut, distance réglée par l’observatoire) d’un lieu d’accueil ouvert à la date des données, dont une plage horaire finit après 18 h ou qui ouvre le samedi.
unite: "%"
theme: horaires
sources: [sites, territoires]
niveaux: [commune, territoire, departement]
precautions: Les lieux sans jours ni horaires connus ne comptent pas ; la distance est à vol d’oiseau, pas un temps de trajet.
--- */
WITH ouverts AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE latitude IS NOT NULL
    -- Open after 18:00 (a range that ends later) or on Saturday, as part_lieux_ouverts_soir_samedi.
    AND (list_contains(string_split(coalesce(jours, ''), ','), 'sam')
      OR list_bool_or(list_transform(string_split(coalesce(horaires, ''), '/'), (p) -> split_part(p, '-', 2) > '18:00')))
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
