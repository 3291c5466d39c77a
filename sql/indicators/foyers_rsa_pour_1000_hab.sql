/* ---
titre: Foyers allocataires du RSA pour 1 000 habitants
definition: Foyers allocataires du RSA payés par la CAF pour 1 000 habitants (population légale), par mois ; pour la France et les autres départements, les allocataires au 31 décembre recensés par la DREES, dernière année connue.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [caf_allocataires, territoires]
niveaux: [commune, territoire, departement, france]
precautions: La CAF arrondit ses comptes à 5 et masque les petites communes ; les totaux par territoire et département ne comptent que les communes non masquées et sont donc un peu sous-estimés. Les allocataires de la MSA ne sont pas comptés.
--- */
WITH rsa AS (
  SELECT c.mois, c.code_commune, c.foyers, k.nom, k.territoire, k.code_departement
  FROM staging.stg_caf__allocataires AS c
  JOIN intermediate.int_communes AS k USING (code_commune)
  WHERE c.prestation = 'RSA'
),
population AS (
  SELECT n.niveau, n.code, c.population
  FROM intermediate.int_communes AS c,
    unnest([
      {niveau: 'commune', code: c.code_commune},
      {niveau: 'territoire', code: c.territoire},
      {niveau: 'departement', code: c.code_departement}
    ]) AS n(n)
),
population_par_niveau AS (
  SELECT niveau, code, sum(population) AS population FROM population GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, r.mois AS periode, r.foyers
  FROM rsa AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: r.code_commune, libelle: r.nom},
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n)
),
local AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, sum(foyers) AS foyers,
    -- A commune the CAF masked counts as a masked cell (no household count to publish).
    coalesce(sum(foyers), 0) AS effectif
  FROM cellules GROUP BY niveau, code, periode
),
drees_annee AS (
  SELECT max(annee) AS annee FROM ref.drees_minima_sociaux WHERE dispositif = 'RSA' AND code = 'FR'
),
drees AS (
  SELECT m.code, m.libelle, m.annee, m.allocataires
  FROM ref.drees_minima_sociaux AS m, drees_annee AS a
  WHERE m.dispositif = 'RSA' AND m.annee = a.annee
)
SELECT l.niveau, l.code, l.libelle, l.periode,
  1000 * l.foyers / p.population AS valeur, l.foyers AS numerateur, p.population AS denominateur, l.effectif
FROM local AS l JOIN population_par_niveau AS p USING (niveau, code)
UNION ALL
SELECT CASE WHEN d.code = 'FR' THEN 'france' ELSE 'departement' END,
  d.code, d.libelle, d.annee::VARCHAR,
  1000 * d.allocataires / CASE WHEN d.code = 'FR' THEN (SELECT sum(population) FROM ref.departements) ELSE r.population END,
  d.allocataires,
  CASE WHEN d.code = 'FR' THEN (SELECT sum(population) FROM ref.departements) ELSE r.population END,
  d.allocataires
FROM drees AS d LEFT JOIN ref.departements AS r ON r.code_departement = d.code
WHERE d.code = 'FR' OR r.population IS NOT NULL
