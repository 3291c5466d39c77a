/* ---
titre: Délai médian du premier rendez-vous des entrants au RSA
definition: Médiane de Kaplan–Meier du nombre de jours entre le premier versement du RSA et le premier rendez-vous d’accompagnement, par mois du premier versement ; un entrant sans rendez-vous ni sortie à la date des données est une attente censurée à son ancienneté, un entrant sorti sans rendez-vous est écarté.
unite: jours
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
precautions: Effectif = entrants reçus et entrants en attente d’un premier rendez-vous. Quand moins de la moitié des entrants du mois a été reçue, la médiane n’est pas atteinte (« non atteint »).
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv_rsa'
