/* ---
titre: Taux de vacance des postes
definition: Part des postes ouverts qui sont vacants, par mois.
unite: "%"
theme: moyens
sources: [effectifs, sites]
niveaux: [territoire, departement]
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    e.postes_ouverts,
    e.postes_vacants
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: e.territoire, libelle: e.territoire},
      {niveau: 'departement', code: e.code_departement, libelle: dep.nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * sum(postes_vacants) / nullif(sum(postes_ouverts), 0) AS valeur,
  sum(postes_vacants) AS numerateur, sum(postes_ouverts) AS denominateur, NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
