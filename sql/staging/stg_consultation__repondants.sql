/* ---
materialized: view
description: Répondants de la consultation citoyenne (une ligne par répondant d’un questionnaire), des livraisons actives ; un répondant présent dans plusieurs exports du même questionnaire (exports cumulatifs) n’est gardé qu’une fois, tel que le donne l’export le plus récent.
checks:
  not_null: [reponse_id, questionnaire]
columns:
  livraison_id: La livraison (l’export) dont vient la version gardée du répondant.
--- */
SELECT
  c.reponse_id,
  c.questionnaire,
  c.date_reponse,
  c.code_postal,
  c.code_commune,
  c.profil,
  c.tranche_age,
  l.date_extraction AS date_donnees,
  c._livraison AS livraison_id
FROM raw.consultation AS c
JOIN meta.livraisons AS l ON l.livraison_id = c._livraison AND l.active
-- A respondent is a questionnaire and its reponse_id (two questionnaires may both number from
-- R0001); a later export of the same questionnaire replaces what an earlier one said of them.
QUALIFY row_number() OVER (PARTITION BY c.questionnaire, c.reponse_id
  ORDER BY l.date_extraction DESC NULLS LAST, l.recue_le DESC, l.livraison_id DESC) = 1
