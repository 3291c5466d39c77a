/* ---
description: Les questions des questionnaires de consultation (textes publics), pour afficher les réponses avec leur libellé.
columns:
  questionnaire: Identifiant du questionnaire.
  question_id: Identifiant de la question (Q1, Q2…), la dimension des réponses publiées.
  libelle: Texte de la question.
  type: choix_unique, choix_multiple, echelle ou texte_libre.
  ordre: Rang de la question dans le questionnaire.
--- */
SELECT questionnaire, question_id, libelle, type,
  row_number() OVER (PARTITION BY questionnaire ORDER BY try_cast(regexp_extract(question_id, '\d+') AS INTEGER), question_id) AS ordre
FROM raw.questionnaires
ORDER BY questionnaire, ordre
