/* ---
titre: Équivalents temps plein de l’action sociale départementale pour 10 000 habitants (DREES)
definition: Personnels de l’action sociale départementale recensés par la DREES (hors assistants familiaux), en équivalents temps plein pour 10 000 habitants, par département et pour la France, dernière année publiée ; la France rassemble les lignes présentes dans la série, rapportées à leur seule population.
unite: ETP pour 10 000 hab.
theme: moyens
sources: [drees]
niveaux: [departement, france]
precautions: La DREES compte tous les personnels de l’action sociale du département, pas seulement les sites d’accueil ; ce n’est pas la même série que les effectifs livrés. La Corse est une seule ligne (code 20) ; la ligne du Rhône ne couvre pas la Métropole de Lyon, qui exerce l’action sociale sur son territoire et est rapportée à sa propre population quand elle figure dans la série ; les lignes absentes sont nommées dans le libellé de la ligne France.
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
