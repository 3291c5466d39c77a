/* ---
titre: Équivalents temps plein pour 10 000 habitants
definition: Équivalents temps plein des services sociaux du département pour 10 000 habitants (population légale), par mois ; pour la France et les autres départements, les personnels de l’action sociale départementale recensés par la DREES (hors assistants familiaux), dernière année connue.
unite: ETP pour 10 000 hab.
theme: moyens
sources: [effectifs, sites, territoires]
niveaux: [territoire, departement, france]
precautions: Les chiffres de la DREES couvrent tous les personnels de l’action sociale du département, pas seulement les sites d’accueil ; la comparaison donne un ordre de grandeur.
--- */
WITH population AS (
  SELECT territoire, sum(population) AS population FROM intermediate.int_communes GROUP BY territoire
),
local AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    e.etp
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: e.territoire, libelle: e.territoire},
      {niveau: 'departement', code: e.code_departement, libelle: dep.nom}
    ]) AS n(n)
),
local_cellules AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, sum(etp) AS etp
  FROM local WHERE code IS NOT NULL GROUP BY niveau, code, periode
),
drees AS (
  SELECT p.code, p.libelle, p.annee, p.valeur AS etp
  FROM ref.drees_personnel AS p
  WHERE p.mesure = 'etp' AND p.categorie = 'total general hors AF'
    AND p.annee = (SELECT max(annee) FROM ref.drees_personnel WHERE mesure = 'etp')
)
SELECT c.niveau, c.code, c.libelle, c.periode,
  10000 * c.etp / p.population AS valeur, c.etp AS numerateur, p.population AS denominateur, NULL AS effectif
FROM local_cellules AS c
JOIN (SELECT 'territoire' AS niveau, territoire AS code, population FROM population
      UNION ALL SELECT 'departement', (SELECT code_departement FROM intermediate.int_departement), sum(population) FROM population) AS p
  USING (niveau, code)
UNION ALL
SELECT 'departement', d.code, d.libelle, d.annee::VARCHAR, 10000 * d.etp / r.population, d.etp, r.population, NULL
FROM drees AS d JOIN ref.departements AS r ON r.code_departement = d.code
UNION ALL
SELECT 'france', 'FR', 'France', any_value(d.annee)::VARCHAR, 10000 * sum(d.etp) / (SELECT sum(population) FROM ref.departements), sum(d.etp), (SELECT sum(population) FROM ref.departements), NULL
FROM drees AS d
