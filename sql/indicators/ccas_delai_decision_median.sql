/* ---
titre: Délai médian de décision des CCAS
definition: Médiane de Kaplan–Meier du nombre de jours entre la demande d’aide à un CCAS et sa décision, par année de la demande, au total et par type d’aide ; une demande encore en cours à la date des données est une attente censurée à son ancienneté.
unite: jours
theme: delais
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Seuls les CCAS qui transmettent leurs demandes sont comptés ; le niveau départemental rassemble ces CCAS, pas toutes les communes. Effectif = demandes décidées et demandes en cours ; la médiane peut ne pas être atteinte (« non atteint »).
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'decision_ccas'
