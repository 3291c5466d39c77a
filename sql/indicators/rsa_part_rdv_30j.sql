/* ---
titre: Part des entrants au RSA reçus en rendez-vous dans les 30 jours
definition: Part des entrants au RSA dont le premier rendez-vous a eu lieu au plus tard 30 jours après le premier versement, parmi ceux dont les 30 jours sont écoulés à la date des données (cohorte complète), par mois du premier versement.
unite: "%"
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 30
precautions: Un entrant sorti du RSA sans rendez-vous compte comme non reçu. Les entrants de moins de 30 jours ne comptent pas encore.
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.delai_premier_rdv_jours <= 30, false) AS recu
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 30
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE recu) / count(*) AS valeur,
  count(*) FILTER (WHERE recu) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
