/* ---
titre: Répondants à la consultation citoyenne
definition: Nombre de personnes ayant répondu au questionnaire de la consultation, par année, au total, par profil et par tranche d’âge.
unite: répondants
theme: parole_citoyenne
sources: [consultation, territoires]
niveaux: [territoire, departement]
precautions: Le territoire vient du code commune ou, à défaut, du code postal ; un code postal partagé par plusieurs territoires est compté à part (« plusieurs territoires »), sans être deviné.
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    r.annee_reponse AS periode,
    b.dimension, b.modalite
  FROM marts.fct_repondants AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'territoire', code: r.territoire, libelle: r.territoire},
      {niveau: 'departement', code: r.code_departement, libelle: dep.nom}
    ]) AS n(n),
    unnest([{dimension: '', modalite: ''}, {dimension: 'profil', modalite: r.profil}, {dimension: 'tranche_age', modalite: coalesce(r.tranche_age, 'inconnue')}]) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
