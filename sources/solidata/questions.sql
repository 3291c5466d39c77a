select questionnaire, question_id, libelle, type, ordre, annee from questions
