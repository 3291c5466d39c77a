/* ---
titre: Note moyenne aux questions à échelle de la consultation
definition: Moyenne des notes données à chaque question à échelle (p. ex. de 1 à 5) du questionnaire, par année, parmi les répondants qui ont répondu à la question.
unite: points
theme: parole_citoyenne
sources: [consultation]
niveaux: [departement]
precautions: Les bornes de l’échelle sont celles de la description du questionnaire ; une moyenne ne dit rien de la dispersion des notes (voir les réponses par note).
tests:
  - nom: une note non numérique et une question d’un autre type écartées
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_repondants:
        - {questionnaire: q2025, reponse_id: R1, annee_reponse: '2025', code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R2, annee_reponse: '2025', code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R3, annee_reponse: '2025', code_departement: '41'}
      staging.stg_consultation__reponses:
        - {questionnaire: q2025, reponse_id: R1, question_id: Q4, type_question: echelle, valeur: '4'}
        - {questionnaire: q2025, reponse_id: R2, question_id: Q4, type_question: echelle, valeur: '5'}
        - {questionnaire: q2025, reponse_id: R3, question_id: Q4, type_question: echelle, valeur: sans avis}
        - {questionnaire: q2025, reponse_id: R1, question_id: Q1, type_question: choix_unique, valeur: '3'}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, dimension: Q4, valeur: 4.5, effectif: 2}
--- */
SELECT 'departement' AS niveau, f.code_departement AS code, any_value(dep.nom) AS libelle, f.annee_reponse AS periode,
  r.question_id AS dimension, '' AS modalite,
  avg(try_cast(r.valeur AS DOUBLE)) AS valeur, count(*) AS effectif
FROM staging.stg_consultation__reponses AS r
JOIN marts.fct_repondants AS f USING (questionnaire, reponse_id)
LEFT JOIN ref.departements AS dep USING (code_departement)
WHERE r.type_question = 'echelle' AND try_cast(r.valeur AS DOUBLE) IS NOT NULL
GROUP BY f.code_departement, f.annee_reponse, r.question_id
