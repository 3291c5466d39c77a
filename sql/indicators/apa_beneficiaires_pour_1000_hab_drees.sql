/* ---
titre: Bénéficiaires de l’APA pour 1 000 habitants (DREES)
definition: Bénéficiaires de l’allocation personnalisée d’autonomie (APA) payés au titre du mois de décembre, recensés par la DREES (enquête Aide sociale), pour 1 000 habitants, par département et pour la France, au total et selon le lieu (domicile, établissement), pour l’année du classeur publié ; la France rassemble les lignes présentes dans le classeur, rapportées à leur seule population.
unite: personnes pour 1 000 hab.
theme: autonomie
sources: [drees]
niveaux: [departement, france]
precautions: Stock de bénéficiaires payés en décembre de l’année du classeur (2020), pas les accords de l’année que comptent les livraisons ; la population est la population légale actuelle. APA en établissement = APA totale moins APA à domicile. La Corse est une seule ligne (code 20) ; la ligne du Rhône ne couvre pas la Métropole de Lyon, qui a sa propre ligne ; Mayotte n’est pas dans l’enquête et les lignes absentes sont nommées dans le libellé de la ligne France. La DREES publie aussi son propre total estimé pour la France entière.
tests:
  - nom: le total, le domicile et l’établissement ; une ligne absente nommée dans la ligne France
    donnees:
      intermediate.int_drees_departements:
        - {serie: personnel, code: '41', libelle: Loir-et-Cher, population: 300000}
        - {serie: personnel, code: '20', libelle: Corse, population: 350000}
        - {serie: personnel, code: '976', libelle: Mayotte, population: 250000}
        - {serie: prestations, code: '18', libelle: Cher, population: 300000}
      ref.drees_aide_sociale:
        - {mesure: apa, code: '41', libelle: Loir-et-Cher, annee: 2020, valeur: 9000}
        - {mesure: apa_domicile, code: '41', libelle: Loir-et-Cher, annee: 2020, valeur: 6000}
        - {mesure: apa, code: '20', libelle: Collectivité de Corse, annee: 2020, valeur: 7000}
        - {mesure: apa_domicile, code: '20', libelle: Collectivité de Corse, annee: 2020, valeur: 7000}
        - {mesure: apa, code: FR, libelle: TOTAL estimé France entière (hors Mayotte), annee: 2020, valeur: 99999}
        - {mesure: pch, code: '41', libelle: Loir-et-Cher, annee: 2020, valeur: 2000}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2020, valeur: 30, numerateur: 9000, denominateur: 300000, effectif: null}
      - {niveau: departement, code: '41', periode: 2020, dimension: lieu, modalite: domicile, valeur: 20, numerateur: 6000, denominateur: 300000, effectif: null}
      - {niveau: departement, code: '41', periode: 2020, dimension: lieu, modalite: etablissement, valeur: 10, numerateur: 3000, denominateur: 300000, effectif: null}
      - {niveau: departement, code: '20', libelle: Corse, periode: 2020, valeur: 20, numerateur: 7000, denominateur: 350000, effectif: null}
      - {niveau: departement, code: '20', periode: 2020, dimension: lieu, modalite: domicile, valeur: 20, numerateur: 7000, denominateur: 350000, effectif: null}
      - {niveau: departement, code: '20', periode: 2020, dimension: lieu, modalite: etablissement, valeur: 0, numerateur: 0, denominateur: 350000, effectif: null}
      - {niveau: france, code: FR, libelle: France (hors Mayotte), periode: 2020, valeur: 24.615384615385, numerateur: 16000, denominateur: 650000, effectif: null}
      - {niveau: france, code: FR, periode: 2020, dimension: lieu, modalite: domicile, valeur: 20, numerateur: 13000, denominateur: 650000, effectif: null}
      - {niveau: france, code: FR, periode: 2020, dimension: lieu, modalite: etablissement, valeur: 4.615384615385, numerateur: 3000, denominateur: 650000, effectif: null}
--- */
-- The lines of the workbook are those of the staff series (Corsica one line, the Rhône without the
-- Métropole de Lyon): their populations are int_drees_departements' « personnel » ones.
WITH apa AS (
  SELECT a.code, a.annee, a.valeur AS total, d.valeur AS domicile
  FROM ref.drees_aide_sociale AS a
  LEFT JOIN ref.drees_aide_sociale AS d ON d.mesure = 'apa_domicile' AND d.code = a.code AND d.annee = a.annee
  WHERE a.mesure = 'apa' AND a.code <> 'FR' AND a.valeur IS NOT NULL
),
drees AS (
  SELECT g.code, g.libelle, a.annee, l.modalite, l.valeur, g.population
  FROM apa AS a
  JOIN intermediate.int_drees_departements AS g ON g.serie = 'personnel' AND g.code = a.code,
    unnest([{modalite: '', valeur: a.total}, {modalite: 'domicile', valeur: a.domicile}, {modalite: 'etablissement', valeur: a.total - a.domicile}]) AS u(l)
  WHERE l.valeur IS NOT NULL
),
absents AS (
  SELECT string_agg(g.libelle, ', ' ORDER BY g.code) AS liste
  FROM intermediate.int_drees_departements AS g
  WHERE g.serie = 'personnel' AND g.code NOT IN (SELECT code FROM apa)
)
SELECT 'departement' AS niveau, code, libelle, annee::VARCHAR AS periode, CASE WHEN modalite = '' THEN '' ELSE 'lieu' END AS dimension, modalite,
  1000 * valeur / population AS valeur, valeur AS numerateur, population AS denominateur, NULL AS effectif
FROM drees
UNION ALL
SELECT 'france', 'FR', 'France' || coalesce(' (hors ' || (SELECT liste FROM absents) || ')', ''), any_value(annee)::VARCHAR,
  CASE WHEN modalite = '' THEN '' ELSE 'lieu' END, modalite, 1000 * sum(valeur) / sum(population), sum(valeur), sum(population), NULL
FROM drees
GROUP BY modalite
