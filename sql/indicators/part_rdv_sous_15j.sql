/* ---
titre: Part des demandes reçues en rendez-vous sous 15 jours
definition: Part des demandes ayant obtenu un premier rendez-vous dans les 15 jours, parmi les demandes faites au moins 15 jours avant la date des données, par mois de la demande.
unite: "%"
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes encore en attente comptent au dénominateur (elles n’ont pas eu de rendez-vous sous 15 jours).
secret_base: "demandes"
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande,
    count(*) FILTER (WHERE delai_jours <= 15) AS sous_15j, count(*) AS demandes
  FROM marts.fct_demandes
  WHERE date_demande <= date_donnees - 15
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, f.sous_15j, f.demandes
  FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'site', code: f.site_id, libelle: f.site_nom},
      {niveau: 'territoire', code: f.territoire, libelle: f.territoire},
      {niveau: 'departement', code: f.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * sum(sous_15j) / sum(demandes) AS valeur,
  sum(sous_15j) AS numerateur, sum(demandes) AS denominateur, sum(demandes) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
