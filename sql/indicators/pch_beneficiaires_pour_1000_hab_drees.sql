/* ---
titre: Bénéficiaires de la PCH pour 1 000 habitants (DREES)
definition: Bénéficiaires de la prestation de compensation du handicap (PCH) ayant des droits ouverts au 31 décembre, recensés par la DREES (enquête Aide sociale), pour 1 000 habitants, par département et pour la France, pour l’année du classeur publié ; la France rassemble les lignes présentes dans le classeur, rapportées à leur seule population.
unite: personnes pour 1 000 hab.
theme: handicap
sources: [drees]
niveaux: [departement, france]
precautions: Stock de bénéficiaires au 31 décembre de l’année du classeur (2020), pas les décisions de la MDPH que comptent les livraisons ; la population est la population légale actuelle. La Corse est une seule ligne (code 20) ; la ligne du Rhône ne couvre pas la Métropole de Lyon, qui a sa propre ligne ; Mayotte n’est pas dans l’enquête et les lignes absentes sont nommées dans le libellé de la ligne France. La DREES publie aussi son propre total estimé pour la France entière.
tests:
  - nom: sa mesure du classeur, par département et pour la France ; une ligne absente nommée dans la ligne France
    donnees:
      intermediate.int_drees_departements:
        - {serie: personnel, code: '41', libelle: Loir-et-Cher, population: 300000}
        - {serie: personnel, code: 69M, libelle: Métropole de Lyon, population: 1400000}
        - {serie: personnel, code: '976', libelle: Mayotte, population: 250000}
      ref.drees_aide_sociale:
        - {mesure: pch, code: '41', libelle: Loir-et-Cher, annee: 2020, valeur: 900}
        - {mesure: pch, code: 69M, libelle: Métropole de Lyon, annee: 2020, valeur: 2600}
        - {mesure: pch, code: FR, libelle: TOTAL estimé France entière (hors Mayotte), annee: 2020, valeur: 99999}
        - {mesure: apa, code: '41', libelle: Loir-et-Cher, annee: 2020, valeur: 9000}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2020, valeur: 3, numerateur: 900, denominateur: 300000, effectif: null}
      - {niveau: departement, code: 69M, libelle: Métropole de Lyon, periode: 2020, valeur: 1.857142857143, numerateur: 2600, denominateur: 1400000, effectif: null}
      - {niveau: france, code: FR, libelle: France (hors Mayotte), periode: 2020, valeur: 2.058823529412, numerateur: 3500, denominateur: 1700000, effectif: null}
--- */
-- The lines of the workbook are those of the staff series (Corsica one line, the Rhône without the
-- Métropole de Lyon): their populations are int_drees_departements' « personnel » ones.
WITH drees AS (
  SELECT g.code, g.libelle, a.annee, a.valeur, g.population
  FROM ref.drees_aide_sociale AS a
  JOIN intermediate.int_drees_departements AS g ON g.serie = 'personnel' AND g.code = a.code
  WHERE a.mesure = 'pch' AND a.valeur IS NOT NULL
),
absents AS (
  SELECT string_agg(g.libelle, ', ' ORDER BY g.code) AS liste
  FROM intermediate.int_drees_departements AS g
  WHERE g.serie = 'personnel' AND g.code NOT IN (SELECT code FROM drees)
)
SELECT 'departement' AS niveau, code, libelle, annee::VARCHAR AS periode,
  1000 * valeur / population AS valeur, valeur AS numerateur, population AS denominateur, NULL AS effectif
FROM drees
UNION ALL
SELECT 'france', 'FR', 'France' || coalesce(' (hors ' || (SELECT liste FROM absents) || ')', ''), any_value(annee)::VARCHAR,
  1000 * sum(valeur) / sum(population), sum(valeur), sum(population), NULL
FROM drees
