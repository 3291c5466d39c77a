/* ---
materialized: view
description: Réponses de la consultation, une ligne par réponse à une question (un choix d’une question à choix multiples par ligne ; textes libres déjà expurgés), de la version gardée de chaque répondant (stg_consultation__repondants).
checks:
  not_null: [reponse_id, question_id]
columns:
  question_id: Identifiant de la question (Q1, Q2…), d’après la description du questionnaire.
  question: Libellé de la question.
  type_question: choix_unique, choix_multiple, echelle ou texte_libre.
  valeur: La réponse (un choix par ligne ; texte libre expurgé des données personnelles).
--- */
SELECT
  r.reponse_id,
  c.questionnaire,
  r.question_id,
  q.libelle AS question,
  q.type AS type_question,
  r.valeur
FROM raw.consultation_reponses AS r
JOIN staging.stg_consultation__repondants AS c ON c.livraison_id = r._livraison AND c.reponse_id = r.reponse_id
LEFT JOIN raw.questionnaires AS q ON q.questionnaire = c.questionnaire AND q.question_id = r.question_id
