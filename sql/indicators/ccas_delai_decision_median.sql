/* ---
titre: Délai médian de décision des CCAS
definition: Nombre médian de jours entre la demande d’aide à un CCAS et sa décision, parmi les demandes décidées, par année de la demande, au total et par type d’aide.
unite: jours
theme: delais
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Seuls les CCAS qui transmettent leurs demandes sont comptés ; le niveau départemental rassemble ces CCAS, pas toutes les communes.
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    a.annee_demande AS periode,
    b.dimension, b.modalite,
    a.delai_decision_jours
  FROM marts.fct_ccas_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: a.ccas_commune, libelle: a.ccas_commune_nom},
      {niveau: 'departement', code: a.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([{dimension: '', modalite: ''}, {dimension: 'type_aide', modalite: a.type_aide}]) AS b(b)
  WHERE a.delai_decision_jours IS NOT NULL
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  quantile_cont(delai_decision_jours::DOUBLE, 0.5) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
