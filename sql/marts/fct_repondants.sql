/* ---
description: Une ligne par répondant de la consultation, avec son territoire ; un code postal partagé par des communes de plusieurs territoires donne « plusieurs territoires » (compté comme tel, jamais deviné).
checks:
  not_null: [reponse_id]
columns:
  annee_reponse: Année de la réponse (AAAA).
  territoire: Territoire du répondant (par son code commune, sinon son code postal) ; « plusieurs territoires » ou « hors département » sinon.
--- */
WITH postal AS (
  SELECT unnest(codes_postaux) AS code_postal, territoire FROM intermediate.int_communes
),
postal_territoire AS (
  SELECT code_postal, CASE WHEN count(DISTINCT territoire) = 1 THEN any_value(territoire) ELSE 'plusieurs territoires' END AS territoire
  FROM postal GROUP BY code_postal
)
SELECT
  r.reponse_id,
  r.questionnaire,
  r.date_reponse,
  strftime(r.date_reponse, '%Y') AS annee_reponse,
  r.profil,
  r.tranche_age,
  coalesce(c.territoire, p.territoire, 'hors département') AS territoire,
  (SELECT code_departement FROM intermediate.int_departement) AS code_departement,
  r.date_donnees
FROM staging.stg_consultation__repondants AS r
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = r.code_commune
LEFT JOIN postal_territoire AS p ON p.code_postal = r.code_postal
