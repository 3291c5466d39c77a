/* ---
titre: Part de la population à moins de 2 km d’un lieu d’accueil
definition: Part de la population (légale) dont le centre de la commune est à moins de 2 km à vol d’oiseau (distance réglée par l’observatoire) d’un lieu d’accueil ouvert à la date des données.
unite: "%"
sens: hausse
theme: proximite
sources: [sites, territoires]
niveaux: [commune, territoire, departement]
precautions: Distance à vol d’oiseau depuis le centre de la commune, pas le temps de trajet ; une commune est entièrement « proche » ou non. Les unités mobiles comptent à chacun de leurs arrêts.
tests:
  - nom: un lieu ouvert à 0,4 km d’une commune, un lieu fermé au centre d’une autre
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', nom: Aulnay, code_departement: '41', territoire: Nord, population: 1000, latitude: 47.0, longitude: 1.0}
        - {code_commune: '41002', nom: Blois, code_departement: '41', territoire: Nord, population: 3000, latitude: 47.1, longitude: 1.0}
        - {code_commune: '41003', nom: Chambord, code_departement: '41', territoire: Sud, population: 500, latitude: 47.0, longitude: 1.5}
      staging.stg_sls__sites:
        - {site_id: S1, latitude: 47.0, longitude: 1.005, date_donnees: 2025-02-20}
        - {site_id: S2, latitude: 47.1, longitude: 1.0, date_fermeture: 2025-01-01, date_donnees: 2025-02-20}
    attendu:
      - {niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-02-20, valeur: 100, numerateur: 1000, denominateur: 1000, effectif: null}
      - {niveau: commune, code: '41002', periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 3000}
      - {niveau: commune, code: '41003', periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 500}
      - {niveau: territoire, code: Nord, periode: 2025-02-20, valeur: 25, numerateur: 1000, denominateur: 4000}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, valeur: 0, numerateur: 0, denominateur: 500}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-02-20, valeur: 22.222222222222, numerateur: 1000, denominateur: 4500, effectif: null}
--- */
WITH ouverts AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE latitude IS NOT NULL
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
