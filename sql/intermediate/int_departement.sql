/* ---
description: Le département observé (une ligne) — celui des communes du référentiel des territoires, ou à défaut celui des sites gérés par le département — avec son nom et sa population légale.
checks:
  not_null: [code_departement]
columns:
  nom: Nom du département.
  population: Population légale du département.
--- */
WITH candidats AS (
  SELECT code_departement, 1 AS rang FROM intermediate.int_communes
  UNION ALL
  SELECT code_departement, 2 FROM staging.stg_sls__sites WHERE gestionnaire = 'departement'
),
choisi AS (
  SELECT mode(code_departement ORDER BY code_departement) AS code_departement
  FROM candidats WHERE rang = (SELECT min(rang) FROM candidats)
)
SELECT c.code_departement, d.nom, d.population
FROM choisi AS c LEFT JOIN ref.departements AS d USING (code_departement)
WHERE c.code_departement IS NOT NULL
