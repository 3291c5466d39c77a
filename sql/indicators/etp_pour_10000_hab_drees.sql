/* ---
titre: Équivalents temps plein de l’action sociale départementale pour 10 000 habitants (DREES)
definition: Personnels de l’action sociale départementale recensés par la DREES (hors assistants familiaux), en équivalents temps plein pour 10 000 habitants, par département et pour la France, dernière année publiée ; la France rassemble les lignes présentes dans la série, rapportées à leur seule population.
unite: ETP pour 10 000 hab.
theme: moyens
sources: [drees]
niveaux: [departement, france]
precautions: La DREES compte tous les personnels de l’action sociale du département, pas seulement les sites d’accueil ; ce n’est pas la même série que les effectifs livrés. La Corse est une seule ligne (code 20) ; la ligne du Rhône ne couvre pas la Métropole de Lyon, qui exerce l’action sociale sur son territoire et est rapportée à sa propre population quand elle figure dans la série ; les lignes absentes sont nommées dans le libellé de la ligne France.
tests:
  - nom: dernière année, la Corse en une ligne, la Métropole de Lyon absente
    donnees:
      intermediate.int_drees_departements:
        - {serie: personnel, code: '41', libelle: Loir-et-Cher, population: 300000}
        - {serie: personnel, code: '20', libelle: Corse, population: 350000}
        - {serie: personnel, code: 69M, libelle: Métropole de Lyon, population: 1400000}
        - {serie: prestations, code: '18', libelle: Cher, population: 300000}
      ref.drees_personnel:
        - {mesure: etp, categorie: total general hors AF, code: '41', annee: 2023, valeur: 300}
        - {mesure: etp, categorie: total general hors AF, code: '20', annee: 2023, valeur: 700}
        - {mesure: etp, categorie: total general hors AF, code: '41', annee: 2022, valeur: 250}
        - {mesure: eff, categorie: total general hors AF, code: '41', annee: 2023, valeur: 320}
        - {mesure: etp, categorie: assistants familiaux, code: '41', annee: 2023, valeur: 90}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2023, valeur: 10, numerateur: 300, denominateur: 300000, effectif: null}
      - {niveau: departement, code: '20', libelle: Corse, periode: 2023, valeur: 20, numerateur: 700, denominateur: 350000, effectif: null}
      - {niveau: france, code: FR, libelle: France (hors Métropole de Lyon), periode: 2023, valeur: 15.384615384615, numerateur: 1000, denominateur: 650000, effectif: null}
--- */
WITH annee AS (SELECT max(annee) AS annee FROM ref.drees_personnel WHERE mesure = 'etp'),
drees AS (
  SELECT p.code, g.libelle, p.annee, p.valeur AS etp, g.population
  FROM ref.drees_personnel AS p
  JOIN intermediate.int_drees_departements AS g ON g.serie = 'personnel' AND g.code = p.code
  WHERE p.mesure = 'etp' AND p.categorie = 'total general hors AF' AND p.annee = (SELECT annee FROM annee)
),
absents AS (
  SELECT string_agg(g.libelle, ', ' ORDER BY g.code) AS liste
  FROM intermediate.int_drees_departements AS g
  WHERE g.serie = 'personnel' AND g.code NOT IN (SELECT code FROM drees)
)
SELECT 'departement' AS niveau, code, libelle, annee::VARCHAR AS periode,
  10000 * etp / population AS valeur, etp AS numerateur, population AS denominateur, NULL AS effectif
FROM drees
UNION ALL
SELECT 'france', 'FR', 'France' || coalesce(' (hors ' || (SELECT liste FROM absents) || ')', ''), any_value(annee)::VARCHAR,
  10000 * sum(etp) / sum(population), sum(etp), sum(population), NULL
FROM drees
