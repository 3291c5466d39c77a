/* ---
titre: File active par équivalent temps plein
definition: Nombre de personnes suivies (file active) pour un équivalent temps plein des métiers qui portent une file active, par mois.
unite: personnes par ETP
theme: moyens
sources: [effectifs, sites]
niveaux: [site, territoire, departement]
precautions: Le dénominateur ne compte que les ETP des métiers qui suivent des personnes (liste réglée par l’observatoire ; par défaut assistants sociaux, CESF, conseillers d’insertion, puéricultrices) ; l’accueil, le secrétariat ou les médecins n’en portent pas.
--- */
-- The jobs come from the setting moyens.metiers_file_active (SET VARIABLE by the runner).
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
  WHERE list_contains(getvariable('metiers_file_active'), e.metier)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  sum(file_active) / nullif(sum(etp), 0) AS valeur, sum(file_active) AS numerateur, sum(etp) AS denominateur,
  sum(file_active) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
