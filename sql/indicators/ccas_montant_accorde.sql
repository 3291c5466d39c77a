/* ---
titre: Montant des aides accordées par les CCAS
definition: Somme des montants des aides accordées par les CCAS qui transmettent leurs demandes, en euros, par année de la demande, au total et par type d’aide.
unite: euros
theme: activite
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Une aide accordée sans montant (aide en nature) ne compte que dans « aides accordées ». L’effectif est le nombre d’aides accordées avec un montant.
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite, a.montant_eur
  FROM marts.fct_ccas_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: a.ccas_commune, libelle: a.ccas_commune_nom},
      {niveau: 'departement', code: a.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([{dimension: '', modalite: ''}, {dimension: 'type_aide', modalite: a.type_aide}]) AS b(b)
  WHERE a.decision = 'accordee' AND a.montant_eur IS NOT NULL
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(montant_eur) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
