/* ---
titre: Délai avant le premier rendez-vous pour 9 demandes sur 10
definition: Nombre de jours (90e centile) en deçà duquel 90 % des demandes ayant obtenu un rendez-vous l’ont eu, par mois de la demande.
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes encore en attente ne sont pas comptées ici ; elles le sont dans « demandes en attente » et « ancienneté médiane des demandes en attente ».
--- */
WITH vues AS (
  SELECT d.*, dep.nom AS departement_nom
  FROM marts.fct_demandes AS d LEFT JOIN ref.departements AS dep USING (code_departement)
  WHERE NOT en_attente
),
cellules AS (
  -- Each request counts once per level, per period (month and year) and per breakdown (total and motive).
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    b.dimension, b.modalite,
    delai_jours
  FROM vues,
    unnest([
      {niveau: 'site', code: site_id, libelle: site_nom},
      {niveau: 'territoire', code: territoire, libelle: territoire},
      {niveau: 'departement', code: code_departement, libelle: departement_nom}
    ]) AS n(n),
    unnest([mois_demande, annee_demande]) AS p(periode),
    unnest([{dimension: '', modalite: ''}, {dimension: 'motif', modalite: motif}]) AS b(b)
)
SELECT
  niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  -- quantile_cont keeps the input type: on integers it would round the median.
  quantile_cont(delai_jours::DOUBLE, 0.9) AS valeur,
  count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL AND (dimension = '' OR niveau <> 'site')
GROUP BY niveau, code, periode, dimension, modalite
