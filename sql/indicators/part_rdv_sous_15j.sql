/* ---
titre: Part des demandes reçues en rendez-vous sous 15 jours
definition: Part des demandes ayant obtenu un premier rendez-vous dans les 15 jours, parmi les demandes faites au moins 15 jours avant la date des données, par mois de la demande.
unite: "%"
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes encore en attente comptent au dénominateur (elles n’ont pas eu de rendez-vous sous 15 jours).
--- */
WITH vues AS (
  SELECT d.*, dep.nom AS departement_nom
  FROM marts.fct_demandes AS d LEFT JOIN ref.departements AS dep USING (code_departement)
  WHERE d.date_demande <= d.date_donnees - 15
),
cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(delai_jours <= 15, false) AS sous_15j
  FROM vues,
    unnest([
      {niveau: 'site', code: site_id, libelle: site_nom},
      {niveau: 'territoire', code: territoire, libelle: territoire},
      {niveau: 'departement', code: code_departement, libelle: departement_nom}
    ]) AS n(n),
    unnest([mois_demande, annee_demande]) AS p(periode)
)
SELECT
  niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE sous_15j) / count(*) AS valeur,
  count(*) FILTER (WHERE sous_15j) AS numerateur,
  count(*) AS denominateur,
  count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
