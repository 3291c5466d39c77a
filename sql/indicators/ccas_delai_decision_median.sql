/* ---
titre: Délai médian de décision des CCAS
definition: Médiane de Kaplan–Meier du nombre de jours entre la demande d’aide à un CCAS et sa décision, par année de la demande, au total et par type d’aide ; une demande encore en cours à la date des données est une attente censurée à son ancienneté.
unite: jours
sens: baisse
theme: delais
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Seuls les CCAS qui transmettent leurs demandes sont comptés ; le niveau départemental rassemble ces CCAS, pas toutes les communes. Effectif = demandes décidées et demandes en cours ; la médiane peut ne pas être atteinte (« non atteint »).
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier de sa série, pas ceux d’une autre
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: decision_ccas, niveau: commune, code: "41018", libelle: Blois, periode: 2025-01, dimension: '', modalite: '', effectif: 5, evenements: 4, mediane: 12, p90: 30}
        - {serie: decision_ccas, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: '2025', dimension: '', modalite: '', effectif: 9, evenements: 3, mediane: null, p90: null}
        - {serie: premier_rdv, niveau: territoire, code: Sud, libelle: Sud, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: commune, code: "41018", libelle: Blois, periode: 2025-01, valeur: 12, effectif: 5}
      - {niveau: departement, code: '41', periode: 2025, valeur: null, effectif: 9}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'decision_ccas'
