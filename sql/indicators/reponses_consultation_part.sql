/* ---
titre: Part des répondants ayant choisi chaque réponse
definition: Part des répondants d’une question fermée (choix unique, choix multiples, échelle) ayant choisi chaque réponse, par année ; le dénominateur est le nombre de répondants qui ont répondu à la question.
unite: "%"
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Pour une question à choix multiples, les parts des réponses ne s’additionnent pas à 100 %. Les répondants qui n’ont pas répondu à la question ne comptent pas.
--- */
WITH reponses AS (
  SELECT r.questionnaire, r.reponse_id, r.question_id, r.valeur, f.annee_reponse AS periode, f.code_departement
  FROM staging.stg_consultation__reponses AS r
  JOIN marts.fct_repondants AS f USING (questionnaire, reponse_id)
  WHERE r.type_question <> 'texte_libre' AND r.valeur IS NOT NULL
),
-- Respondents of each question: a respondent is a questionnaire and its reponse_id.
question AS (
  SELECT question_id, periode, code_departement, count(DISTINCT [questionnaire, reponse_id]) AS repondants
  FROM reponses GROUP BY ALL
)
SELECT 'departement' AS niveau, r.code_departement AS code, any_value(dep.nom) AS libelle, r.periode,
  r.question_id AS dimension, r.valeur AS modalite,
  100.0 * count(DISTINCT [r.questionnaire, r.reponse_id]) / any_value(q.repondants) AS valeur,
  count(DISTINCT [r.questionnaire, r.reponse_id]) AS numerateur, any_value(q.repondants) AS denominateur,
  count(DISTINCT [r.questionnaire, r.reponse_id]) AS effectif
FROM reponses AS r
JOIN question AS q USING (question_id, periode, code_departement)
LEFT JOIN ref.departements AS dep USING (code_departement)
GROUP BY r.code_departement, r.periode, r.question_id, r.valeur
