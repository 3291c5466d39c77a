/* ---
titre: Délai médian du premier rendez-vous des entrants au RSA
definition: Médiane de Kaplan–Meier du nombre de jours entre le premier versement du RSA et le premier rendez-vous d’accompagnement, par mois du premier versement ; un entrant sans rendez-vous ni sortie à la date des données est une attente censurée à son ancienneté, un entrant sorti sans rendez-vous est écarté.
unite: jours
sens: baisse
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
precautions: Effectif = entrants reçus et entrants en attente d’un premier rendez-vous. Quand moins de la moitié des entrants du mois a été reçue, la médiane n’est pas atteinte (« non atteint »).
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier de sa série, pas ceux d’une autre
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: premier_rdv_rsa, niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, dimension: '', modalite: '', effectif: 5, evenements: 4, mediane: 12, p90: 30}
        - {serie: premier_rdv_rsa, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: '2025', dimension: '', modalite: '', effectif: 9, evenements: 3, mediane: null, p90: null}
        - {serie: premier_rdv, niveau: territoire, code: Sud, libelle: Sud, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 12, effectif: 5}
      - {niveau: departement, code: '41', periode: 2025, valeur: null, effectif: 9}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv_rsa'
