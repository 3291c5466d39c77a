/* ---
titre: Part des entrants au RSA avec un référent unique
definition: Part des entrants au RSA à qui un référent unique a été désigné, par mois du premier versement.
unite: "%"
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
--- */
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
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE referent) / count(*) AS valeur,
  count(*) FILTER (WHERE referent) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
