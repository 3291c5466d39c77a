/* ---
titre: Part des demandes reçues en rendez-vous sous 15 jours
definition: Part des demandes ayant eu leur premier rendez-vous dans les 15 jours, parmi les demandes dont les 15 jours sont écoulés à la date des données de leur livraison (cohorte complète), par mois de la demande, au total et par motif (hors niveau site).
unite: "%"
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
fenetre_jours: 15
precautions: Les demandes en attente comptent au dénominateur (elles n’ont pas eu de rendez-vous sous 15 jours) ; les demandes closes ou orientées sans rendez-vous sont écartées, comme pour les délais. Les demandes de moins de 15 jours ne comptent pas encore, si bien que le dernier mois porte sur ses premiers jours seulement.
secret_base: "demandes_rdv_ou_attente"
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif,
    count(*) FILTER (WHERE statut_delai = 'evenement' AND delai_jours <= 15) AS sous_15j, count(*) AS demandes
  FROM marts.fct_demandes
  WHERE date_demande <= date_donnees - 15 AND statut_delai IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.sous_15j, f.demandes
  FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'site', code: f.site_id, libelle: f.site_nom},
      {niveau: 'territoire', code: f.territoire, libelle: f.territoire},
      {niveau: 'departement', code: f.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode),
    unnest([{dimension: '', modalite: ''}, {dimension: 'motif', modalite: f.motif}]) AS b(b)
  WHERE b.dimension = '' OR n.niveau <> 'site'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  100.0 * sum(sous_15j) / sum(demandes) AS valeur,
  sum(sous_15j) AS numerateur, sum(demandes) AS denominateur, sum(demandes) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
