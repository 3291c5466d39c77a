/* ---
titre: Répondants à la consultation pour 1 000 habitants
definition: Nombre de répondants à la consultation habitant le territoire (par leur code commune, sinon leur code postal) pour 1 000 habitants (population légale), par année ; se lit pour voir quels territoires ont peu répondu.
unite: répondants pour 1 000 hab.
theme: parole_citoyenne
sources: [consultation, territoires]
niveaux: [territoire, departement]
precautions: Les répondants dont le code postal couvre plusieurs territoires comptent pour le département, pas pour un territoire ; ceux d’hors du département ne comptent pas.
--- */
WITH population AS (
  SELECT territoire, sum(population) AS population FROM intermediate.int_communes GROUP BY territoire
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, r.annee_reponse AS periode
  FROM marts.fct_repondants AS r LEFT JOIN ref.departements AS dep USING (code_departement)
    -- Only the real territories have a population (not « plusieurs territoires »).
    LEFT JOIN population AS t ON t.territoire = r.territoire,
    unnest([
      {niveau: 'territoire', code: t.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n)
  WHERE r.territoire <> 'hors département'
),
comptes AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, count(*) AS repondants
  FROM cellules WHERE code IS NOT NULL GROUP BY niveau, code, periode
)
SELECT c.niveau, c.code, c.libelle, c.periode,
  1000.0 * c.repondants / p.population AS valeur, c.repondants AS numerateur, p.population AS denominateur, c.repondants AS effectif
FROM comptes AS c
JOIN (SELECT 'territoire' AS niveau, territoire AS code, population FROM population
      UNION ALL SELECT 'departement', (SELECT code_departement FROM intermediate.int_departement), sum(population) FROM population) AS p
  USING (niveau, code)
