/* ---
titre: Délai médian de décision de la MDPH
definition: Médiane de Kaplan–Meier du nombre de jours entre le dépôt d’une demande à la MDPH et la décision de la CDAPH (accord ou refus), par mois et année du dépôt, au total et par prestation ; une demande encore en cours à la date des données est une attente censurée à son ancienneté.
unite: jours
sens: baisse
theme: handicap
sources: [mdph_demandes]
niveaux: [territoire, departement]
precautions: Une demande portant sur plusieurs prestations compte une fois par prestation. Les demandes classées sans suite ne comptent pas. Effectif = prestations décidées et en cours ; la médiane peut ne pas être atteinte (« non atteint »).
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier de sa série, pas ceux d’une autre
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: decision_mdph, niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, dimension: '', modalite: '', effectif: 14, evenements: 12, mediane: 41, p90: 70}
        - {serie: decision_mdph, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: '2025', dimension: 'prestation', modalite: 'pch', effectif: 9, evenements: 3, mediane: null, p90: null}
        - {serie: decision_ccas, niveau: commune, code: '41018', libelle: Blois, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 41, effectif: 14}
      - {niveau: departement, code: '41', periode: 2025, dimension: 'prestation', modalite: 'pch', valeur: null, effectif: 9}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'decision_mdph'
