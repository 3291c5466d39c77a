/* ---
description: Les questions des questionnaires de consultation (textes publics), pour afficher les réponses avec leur libellé, une ligne par question et par année de réponse.
columns:
  questionnaire: Identifiant du questionnaire.
  question_id: Identifiant de la question (Q1, Q2…), la dimension des réponses publiées.
  libelle: Texte de la question.
  type: choix_unique, choix_multiple, echelle ou texte_libre.
  ordre: Rang de la question dans le questionnaire.
  annee: Année des réponses (AAAA), la période des indicateurs de la consultation ; vide si le questionnaire n’a pas encore de réponse.
--- */
-- The indicators of the consultation are by year and question id: the year tells a page which
-- questionnaire's texts go with the published answers.
WITH annees AS (
  SELECT DISTINCT questionnaire, annee_reponse AS annee FROM marts.fct_repondants
)
SELECT q.questionnaire, q.question_id, q.libelle, q.type,
  row_number() OVER (PARTITION BY q.questionnaire, a.annee ORDER BY try_cast(regexp_extract(q.question_id, '\d+') AS INTEGER), q.question_id) AS ordre,
  a.annee
FROM raw.questionnaires AS q
LEFT JOIN annees AS a USING (questionnaire)
ORDER BY q.questionnaire, a.annee, ordre
