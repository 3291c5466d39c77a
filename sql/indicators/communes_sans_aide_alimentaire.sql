/* ---
titre: Communes sans point d’aide alimentaire à proximité
definition: Nombre de communes dont le centre est à plus de la distance de proximité (2 km à vol d’oiseau par défaut, distance réglée par l’observatoire) de tout point d’aide alimentaire ouvert à la date des données ; part de ces communes parmi toutes.
unite: communes
sens: baisse
theme: horaires
sources: [sites, territoires]
niveaux: [territoire, departement]
precautions: Seuls les points d’aide alimentaire du fichier des sites (type « aide alimentaire ») sont comptés ; la distance est à vol d’oiseau, pas un temps de trajet.
tests:
  - nom: un point d’aide alimentaire ouvert près d’une commune, un autre fermé, un lieu d’un autre type
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', code_departement: '41', territoire: Nord, population: 1000, latitude: 47.0, longitude: 1.0}
        - {code_commune: '41002', code_departement: '41', territoire: Nord, population: 3000, latitude: 47.1, longitude: 1.0}
        - {code_commune: '41003', code_departement: '41', territoire: Sud, population: 500, latitude: 47.0, longitude: 1.5}
      staging.stg_sls__sites:
        # 0,4 km from 41001; the closed one is at 41002's centre; the other type at 41003's.
        - {site_id: P1, type: aide_alimentaire, latitude: 47.0, longitude: 1.005, date_donnees: 2025-02-20}
        - {site_id: P2, type: aide_alimentaire, latitude: 47.1, longitude: 1.0, date_fermeture: 2025-01-01, date_donnees: 2025-02-20}
        - {site_id: S3, type: maison_departementale, latitude: 47.0, longitude: 1.5, date_donnees: 2025-02-20}
    attendu:
      - {niveau: territoire, code: Nord, periode: 2025-02-20, valeur: 1, numerateur: 1, denominateur: 2, effectif: null}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, valeur: 1, numerateur: 1, denominateur: 1, effectif: null}
      - {niveau: departement, code: '41', periode: 2025-02-20, valeur: 2, numerateur: 2, denominateur: 3, effectif: null}
--- */
WITH points AS (
  SELECT latitude, longitude FROM staging.stg_sls__sites
  WHERE type = 'aide_alimentaire' AND latitude IS NOT NULL
    AND ouvert_le(date_ouverture, date_fermeture, (SELECT max(date_donnees) FROM staging.stg_sls__sites))
),
communes AS (
  -- No point at all: none is near.
  SELECT c.code_commune, c.territoire, c.code_departement,
    coalesce(bool_or(distance_km(p.latitude, p.longitude, c.latitude, c.longitude) <= coalesce(getvariable('proximite_km'), 2)), false) AS proche
  FROM intermediate.int_communes AS c LEFT JOIN points AS p ON true
  WHERE c.latitude IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, c.proche
  FROM communes AS c LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := c.territoire, departement := c.code_departement, departement_nom := dep.nom)) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle,
  (SELECT strftime(max(date_donnees), '%Y-%m-%d') FROM staging.stg_sls__sites) AS periode,
  count(*) FILTER (WHERE NOT proche) AS valeur, count(*) FILTER (WHERE NOT proche) AS numerateur, count(*) AS denominateur,
  NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code
