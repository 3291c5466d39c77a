/* ---
titre: Aides accordées par les CCAS
definition: Nombre de demandes d’aide accordées par les CCAS qui transmettent leurs demandes, par année de la demande, au total et par type d’aide.
unite: aides
theme: activite
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Seuls les CCAS qui transmettent leurs demandes sont comptés ; une demande encore en cours à la date des données n’est pas (encore) comptée.
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite
  FROM marts.fct_ccas_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: a.ccas_commune, libelle: a.ccas_commune_nom},
      {niveau: 'departement', code: a.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([{dimension: '', modalite: ''}, {dimension: 'type_aide', modalite: a.type_aide}]) AS b(b)
  WHERE a.decision = 'accordee'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
