/* ---
titre: Part de la population proche d’un lieu ouvert le soir ou le samedi
definition: Part de la population des communes dont le centre est à moins de la distance de proximité (2 km à vol d’oiseau par défaut, distance réglée par l’observatoire) d’un lieu d’accueil ouvert à la date des données, dont une plage horaire finit après 18 h ou qui ouvre le samedi.
unite: "%"
sens: hausse
theme: horaires
sources: [sites, territoires]
niveaux: [commune, territoire, departement]
precautions: Les lieux sans jours ni horaires connus ne comptent pas ; la distance est à vol d’oiseau, pas un temps de trajet.
tests:
  - nom: seul compte le lieu ouvert le samedi, près de la deuxième commune
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', nom: Aulnay, code_departement: '41', territoire: Nord, population: 1000, latitude: 47.0, longitude: 1.0}
        - {code_commune: '41002', nom: Blois, code_departement: '41', territoire: Nord, population: 3000, latitude: 47.1, longitude: 1.0}
        - {code_commune: '41003', nom: Chambord, code_departement: '41', territoire: Sud, population: 500, latitude: 47.0, longitude: 1.5}
      staging.stg_sls__sites:
        - {site_id: S1, latitude: 47.0, longitude: 1.005, jours: lun, horaires: '09:00-12:00', date_donnees: 2025-02-20}
        - {site_id: S3, latitude: 47.1, longitude: 1.002, jours: 'lun,sam', horaires: '09:00-12:00', date_donnees: 2025-02-20}
    attendu:
      - {niveau: commune, code: '41001', periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 1000, effectif: null}
      - {niveau: commune, code: '41002', libelle: Blois, periode: 2025-02-20, valeur: 100, numerateur: 3000, denominateur: 3000}
      - {niveau: commune, code: '41003', periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 500}
      - {niveau: territoire, code: Nord, periode: 2025-02-20, valeur: 75, numerateur: 3000, denominateur: 4000}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 500}
      - {niveau: departement, code: '41', periode: 2025-02-20, valeur: 66.666666666667, numerateur: 3000, denominateur: 4500}
--- */
WITH ouverts AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE latitude IS NOT NULL
    -- Open after 18:00 (a range that ends later) or on Saturday, as part_lieux_ouverts_soir_samedi.
    AND (ouvre_le_samedi(jours) OR ouvre_le_soir(horaires))
    AND ouvert_le(date_ouverture, date_fermeture, (SELECT max(date_donnees) FROM staging.stg_sls__sites))
),
distances AS (
  -- The distance from the commune's centre to the nearest open place (sql/macros/lieux.sql).
  SELECT c.code_commune, c.nom, c.territoire, c.code_departement, c.population,
    min(distance_km(o.latitude, o.longitude, c.latitude, c.longitude)) AS distance_km
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
    unnest(niveaux(commune := d.code_commune, commune_nom := d.nom, territoire := d.territoire, departement := d.code_departement, departement_nom := dep.nom)) AS n(n)
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
