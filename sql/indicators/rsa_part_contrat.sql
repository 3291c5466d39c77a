/* ---
titre: Part des entrants au RSA avec un contrat
definition: Part des entrants au RSA ayant signé un contrat d’engagement (CER ou PPAE) à la date des données, parmi ceux dont le premier versement date d’au moins 120 jours (cohorte complète), par mois du premier versement.
unite: "%"
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 120
precautions: Un contrat se signe après l’orientation et le premier rendez-vous ; compter les entrants récents ferait croire à une baisse. Un contrat daté après la date des données n’est pas compté.
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.date_contrat <= r.date_donnees, false) AS contrat
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 120
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE contrat) / count(*) AS valeur,
  count(*) FILTER (WHERE contrat) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
