/* ---
titre: Réponses à chaque question de la consultation
definition: Nombre de répondants ayant choisi chaque réponse de chaque question fermée du questionnaire (une personne peut choisir plusieurs réponses à une question à choix multiples).
unite: répondants
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Les réponses libres ne sont pas comptées ici. Les pourcentages se calculent sur les répondants de la question, pas sur l’ensemble des répondants.
tests:
  - nom: deux questionnaires aux identifiants pareils, une question à choix multiples, une réponse libre écartée
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
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, dimension: Q1, modalite: Oui, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q1, modalite: Non, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q2, modalite: A, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: Q2, modalite: B, valeur: 1, effectif: 1}
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
