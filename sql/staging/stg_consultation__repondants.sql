/* ---
materialized: view
description: Répondants de la consultation citoyenne (une ligne par réponse au questionnaire), des livraisons actives.
checks:
  not_null: [reponse_id]
--- */
SELECT
  c.reponse_id,
  c.questionnaire,
  c.date_reponse,
  c.code_postal,
  c.code_commune,
  c.profil,
  c.tranche_age,
  l.date_extraction AS date_donnees
FROM raw.consultation AS c
JOIN meta.livraisons AS l ON l.livraison_id = c._livraison AND l.active
