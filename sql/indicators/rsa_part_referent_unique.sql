/* ---
titre: Part des entrants au RSA avec un référent unique
definition: Part des entrants au RSA à qui un référent unique a été désigné, parmi ceux dont le premier versement date d’au moins 120 jours à la date des données (cohorte complète), par mois du premier versement.
unite: "%"
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 120
precautions: La désignation d’un référent prend plusieurs semaines ; compter les entrants récents ferait croire à une baisse. Les mois dont les entrants n’ont pas tous 120 jours d’ancienneté ne sont pas publiés, ou seulement pour leurs premiers jours.
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.referent_unique, false) AS referent
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 120
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE referent) / count(*) AS valeur,
  count(*) FILTER (WHERE referent) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
