/* ---
titre: Part des entrants au RSA orientés dans les 2 mois
definition: Part des entrants au RSA orientés au plus tard 60 jours après leur premier versement, parmi ceux dont les 60 jours sont écoulés à la date des données (cohorte complète), par mois du premier versement.
unite: "%"
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 60
precautions: Deux mois sont comptés comme 60 jours. Un entrant sorti du RSA sans orientation compte comme non orienté. Les entrants de moins de 60 jours ne comptent pas encore.
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.delai_orientation_jours <= 60, false) AS oriente
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 60
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE oriente) / count(*) AS valeur,
  count(*) FILTER (WHERE oriente) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
