/* ---
titre: Note moyenne aux questions à échelle de la consultation
definition: Moyenne des notes données à chaque question à échelle (p. ex. de 1 à 5) du questionnaire, par année, parmi les répondants qui ont répondu à la question.
unite: points
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Les bornes de l’échelle sont celles de la description du questionnaire ; une moyenne ne dit rien de la dispersion des notes (voir les réponses par note).
--- */
SELECT 'departement' AS niveau, f.code_departement AS code, any_value(dep.nom) AS libelle, f.annee_reponse AS periode,
  r.question_id AS dimension, '' AS modalite,
  avg(try_cast(r.valeur AS DOUBLE)) AS valeur, count(*) AS effectif
FROM staging.stg_consultation__reponses AS r
JOIN marts.fct_repondants AS f USING (questionnaire, reponse_id)
LEFT JOIN ref.departements AS dep USING (code_departement)
WHERE r.type_question = 'echelle' AND try_cast(r.valeur AS DOUBLE) IS NOT NULL
GROUP BY f.code_departement, f.annee_reponse, r.question_id
