/* ---
titre: Réponses à chaque question de la consultation
definition: Nombre de répondants ayant choisi chaque réponse de chaque question fermée du questionnaire (une personne peut choisir plusieurs réponses à une question à choix multiples).
unite: répondants
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Les réponses libres ne sont pas comptées ici. Les pourcentages se calculent sur les répondants de la question, pas sur l’ensemble des répondants.
--- */
WITH reponses AS (
  SELECT r.questionnaire, r.reponse_id, r.question_id, r.valeur, f.annee_reponse AS periode, f.code_departement
  FROM staging.stg_consultation__reponses AS r
  JOIN marts.fct_repondants AS f USING (questionnaire, reponse_id)
  WHERE r.type_question <> 'texte_libre' AND r.valeur IS NOT NULL
)
SELECT 'departement' AS niveau, r.code_departement AS code, any_value(dep.nom) AS libelle, r.periode,
  r.question_id AS dimension, r.valeur AS modalite, count(DISTINCT [r.questionnaire, r.reponse_id]) AS valeur, count(DISTINCT [r.questionnaire, r.reponse_id]) AS effectif
FROM reponses AS r LEFT JOIN ref.departements AS dep USING (code_departement)
GROUP BY ALL
