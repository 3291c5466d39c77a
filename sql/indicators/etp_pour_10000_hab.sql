/* ---
titre: Équivalents temps plein pour 10 000 habitants
definition: Équivalents temps plein des services sociaux du département pour 10 000 habitants (population légale), par mois, au total et par métier, d’après les effectifs livrés ; la comparaison avec la France et les autres départements se fait sur les chiffres de la DREES, présentés à côté.
unite: ETP pour 10 000 hab.
theme: moyens
sources: [effectifs, sites, territoires]
niveaux: [territoire, departement]
precautions: Les effectifs livrés couvrent les sites d’accueil, pas tous les personnels de l’action sociale (la série de la DREES, elle, les couvre tous).
--- */
WITH population AS (
  SELECT territoire, sum(population) AS population FROM intermediate.int_communes GROUP BY territoire
),
local AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    b.dimension, b.modalite,
    e.etp
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: e.territoire, libelle: e.territoire},
      {niveau: 'departement', code: e.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([{dimension: '', modalite: ''}, {dimension: 'metier', modalite: e.metier}]) AS b(b)
),
local_cellules AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(etp) AS etp
  FROM local WHERE code IS NOT NULL GROUP BY niveau, code, periode, dimension, modalite
)
SELECT c.niveau, c.code, c.libelle, c.periode, c.dimension, c.modalite,
  10000 * c.etp / p.population AS valeur, c.etp AS numerateur, p.population AS denominateur, NULL AS effectif
FROM local_cellules AS c
JOIN (SELECT 'territoire' AS niveau, territoire AS code, population FROM population
      UNION ALL SELECT 'departement', (SELECT code_departement FROM intermediate.int_departement), sum(population) FROM population) AS p
  USING (niveau, code)
