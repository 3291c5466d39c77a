/* ---
titre: Délai médian d’orientation des entrants au RSA
definition: Nombre médian de jours entre le premier versement du RSA et la décision d’orientation, parmi les entrants orientés, par mois du premier versement.
unite: jours
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
precautions: Les entrants pas encore orientés à la date des données ne sont pas comptés ; les mois les plus récents paraissent donc plus courts.
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    r.delai_orientation_jours
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.delai_orientation_jours IS NOT NULL
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  quantile_cont(delai_orientation_jours::DOUBLE, 0.5) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
