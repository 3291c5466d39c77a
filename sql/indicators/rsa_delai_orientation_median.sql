/* ---
titre: Délai médian d’orientation des entrants au RSA
definition: Médiane de Kaplan–Meier du nombre de jours entre le premier versement du RSA et l’orientation, par mois du premier versement ; un entrant ni orienté ni sorti à la date des données est une attente censurée à son ancienneté, un entrant sorti sans orientation est écarté.
unite: jours
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
precautions: Effectif = entrants orientés et entrants en attente d’orientation. Quand moins de la moitié des entrants du mois est orientée, la médiane n’est pas atteinte (« non atteint »).
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'orientation_rsa'
