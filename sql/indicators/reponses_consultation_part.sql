/* ---
titre: Part des répondants ayant choisi chaque réponse
definition: Part des répondants d’une question fermée (choix unique, choix multiples, échelle) ayant choisi chaque réponse, par année ; le dénominateur est le nombre de répondants qui ont répondu à la question.
unite: "%"
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Pour une question à choix multiples, les parts des réponses ne s’additionnent pas à 100 %. Les répondants qui n’ont pas répondu à la question ne comptent pas.
tests:
  - nom: parts sur les répondants de chaque question, deux questionnaires aux identifiants pareils
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_repondants:
        - {questionnaire: q1, reponse_id: R1, annee_reponse: '2025', code_departement: '41'}
        - {questionnaire: q1, reponse_id: R2, annee_reponse: '2025', code_departement: '41'}
        - {questionnaire: q2, reponse_id: R1, annee_reponse: '2025', code_departement: '41'}
      staging.stg_consultation__reponses:
        - {questionnaire: q1, reponse_id: R1, question_id: Q1, type_question: choix_unique, valeur: Oui}
        - {questionnaire: q1, reponse_id: R2, question_id: Q1, type_question: choix_unique, valeur: Non}
        - {questionnaire: q2, reponse_id: R1, question_id: Q1, type_question: choix_unique, valeur: Oui}
        - {questionnaire: q1, reponse_id: R1, question_id: Q2, type_question: choix_multiples, valeur: A}
        - {questionnaire: q1, reponse_id: R1, question_id: Q2, type_question: choix_multiples, valeur: B}
        - {questionnaire: q1, reponse_id: R2, question_id: Q2, type_question: choix_multiples, valeur: A}
        - {questionnaire: q1, reponse_id: R2, question_id: Q3, type_question: texte_libre, valeur: Merci}
        - {questionnaire: q1, reponse_id: R2, question_id: Q4, type_question: echelle, valeur: null}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, dimension: Q1, modalite: Oui, valeur: 66.666666666667, numerateur: 2, denominateur: 3, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q1, modalite: Non, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q2, modalite: A, valeur: 100, numerateur: 2, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q2, modalite: B, valeur: 50, numerateur: 1, denominateur: 2, effectif: 1}
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
