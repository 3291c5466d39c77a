/* ---
description: Les départements tels que les séries de la DREES les comptent, avec la population que couvre chaque ligne, pour rapporter une série aux seuls départements présents (les autres sont listés à part). Séries prestations (allocataires de la CAF, par département, Corse en deux) et personnel (action sociale départementale, Corse en une ligne « 20 », Rhône sans la Métropole de Lyon, qui exerce elle-même l’action sociale sur son territoire).
columns:
  serie: prestations (ref.drees_prestations) ou personnel (ref.drees_personnel).
  code: Code de la ligne dans la série (numéro du département, 20 pour la Corse, 69M pour la Métropole de Lyon).
  libelle: Nom de la collectivité.
  population: Population légale qu’elle couvre (somme de ses communes).
--- */
-- The 101 départements: metropolitan ones (two characters) and the five overseas départements; the
-- overseas collectivities (975, 977, 978, 984, 986–989) are not départements and are in no series.
WITH departements AS (
  SELECT code_departement AS code, nom, population FROM ref.departements
  WHERE length(code_departement) = 2 OR code_departement IN ('971', '972', '973', '974', '976')
),
lyon AS (
  SELECT sum(population) AS population FROM ref.communes WHERE code_epci = '200046977'
)
SELECT 'prestations' AS serie, code, nom AS libelle, population FROM departements
UNION ALL
SELECT 'personnel', code, CASE WHEN code = '69' THEN 'Rhône (hors Métropole de Lyon)' ELSE nom END,
  population - CASE WHEN code = '69' THEN (SELECT population FROM lyon) ELSE 0 END
FROM departements WHERE code NOT IN ('2A', '2B')
UNION ALL
SELECT 'personnel', '20', 'Corse', sum(population) FROM departements WHERE code IN ('2A', '2B')
UNION ALL
SELECT 'personnel', '69M', 'Métropole de Lyon', population FROM lyon
