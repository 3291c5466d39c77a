/* ---
titre: Demandes reçues
definition: Nombre de demandes reçues par les services sociaux du département, par mois de la demande, au total, par motif et par canal.
unite: demandes
theme: activite
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
--- */
WITH vues AS (
  SELECT d.*, dep.nom AS departement_nom
  FROM marts.fct_demandes AS d LEFT JOIN ref.departements AS dep USING (code_departement)
),
cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    b.dimension, b.modalite
  FROM vues,
    unnest([
      {niveau: 'site', code: site_id, libelle: site_nom},
      {niveau: 'territoire', code: territoire, libelle: territoire},
      {niveau: 'departement', code: code_departement, libelle: departement_nom}
    ]) AS n(n),
    unnest([mois_demande, annee_demande]) AS p(periode),
    unnest([{dimension: '', modalite: ''}, {dimension: 'motif', modalite: motif}, {dimension: 'canal', modalite: canal}]) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL AND (dimension = '' OR niveau <> 'site')
GROUP BY niveau, code, periode, dimension, modalite
