/* ---
titre: Délai médian d’instruction de l’APA
definition: Médiane de Kaplan–Meier du nombre de jours entre le dossier complet d’une demande d’allocation personnalisée d’autonomie (APA) et sa décision (accord ou refus), par mois et année du dossier complet, au total et selon le lieu (domicile, établissement) ; un dossier complet encore en cours à la date des données est une attente censurée à son ancienneté.
unite: jours
sens: baisse
theme: autonomie
sources: [apa_demandes]
niveaux: [territoire, departement]
precautions: Le délai légal est de deux mois à compter du dossier complet. Les demandes classées sans suite et les dossiers encore incomplets ne comptent pas. Effectif = dossiers décidés et dossiers en cours ; la médiane peut ne pas être atteinte (« non atteint »).
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier de sa série, pas ceux d’une autre
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: instruction_apa, niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, dimension: '', modalite: '', effectif: 14, evenements: 12, mediane: 41, p90: 70}
        - {serie: instruction_apa, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: '2025', dimension: 'lieu', modalite: 'domicile', effectif: 9, evenements: 3, mediane: null, p90: null}
        - {serie: decision_ccas, niveau: commune, code: '41018', libelle: Blois, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 41, effectif: 14}
      - {niveau: departement, code: '41', periode: 2025, dimension: 'lieu', modalite: 'domicile', valeur: null, effectif: 9}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'instruction_apa'
