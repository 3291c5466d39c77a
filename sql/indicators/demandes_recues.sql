/* ---
titre: Demandes reçues
definition: Nombre de demandes reçues par les services sociaux du département, par mois de la demande, au total, par motif et par canal.
unite: demandes
theme: activite
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
secret_base: "demandes"
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif, canal, count(*) AS demandes
  FROM marts.fct_demandes
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.demandes
  FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'site', code: f.site_id, libelle: f.site_nom},
      {niveau: 'territoire', code: f.territoire, libelle: f.territoire},
      {niveau: 'departement', code: f.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode),
    unnest([{dimension: '', modalite: ''}, {dimension: 'motif', modalite: f.motif}, {dimension: 'canal', modalite: f.canal}]) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(demandes) AS valeur, sum(demandes) AS effectif
FROM cellules
WHERE code IS NOT NULL AND (dimension = '' OR niveau <> 'site')
GROUP BY niveau, code, periode, dimension, modalite
