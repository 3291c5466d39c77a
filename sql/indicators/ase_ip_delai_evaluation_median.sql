/* ---
titre: Délai médian d’évaluation des informations préoccupantes
definition: Médiane de Kaplan–Meier du nombre de jours entre la réception d’une information préoccupante et la fin de son évaluation, par mois et année de réception ; une évaluation encore en cours à la date des données est une attente censurée à son ancienneté.
unite: jours
sens: baisse
theme: enfance_famille
sources: [ase_informations_preoccupantes]
niveaux: [territoire, departement]
precautions: Le territoire est celui de la commune de résidence de l’enfant. Effectif = informations évaluées et en cours d’évaluation ; la médiane peut ne pas être atteinte (« non atteint »).
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier de sa série, pas ceux d’une autre
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: evaluation_ip, niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, dimension: '', modalite: '', effectif: 14, evenements: 12, mediane: 41, p90: 70}
        - {serie: evaluation_ip, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: '2025', dimension: '', modalite: '', effectif: 9, evenements: 3, mediane: null, p90: null}
        - {serie: decision_ccas, niveau: commune, code: '41018', libelle: Blois, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 41, effectif: 14}
      - {niveau: departement, code: '41', periode: 2025, dimension: '', modalite: '', valeur: null, effectif: 9}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'evaluation_ip'
