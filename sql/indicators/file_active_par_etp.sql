/* ---
titre: File active par équivalent temps plein
definition: Nombre de personnes suivies (file active) pour un équivalent temps plein, par mois.
unite: personnes par ETP
theme: moyens
sources: [effectifs, sites]
niveaux: [site, territoire, departement]
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    e.file_active,
    e.etp
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'site', code: e.site_id, libelle: e.site_nom},
      {niveau: 'territoire', code: e.territoire, libelle: e.territoire},
      {niveau: 'departement', code: e.code_departement, libelle: dep.nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  sum(file_active) / nullif(sum(etp), 0) AS valeur, sum(file_active) AS numerateur, sum(etp) AS denominateur,
  sum(file_active) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
