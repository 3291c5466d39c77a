/* ---
titre: Délai médian avant le premier rendez-vous
definition: Médiane de Kaplan–Meier du nombre de jours entre la demande et le premier rendez-vous, par mois de la demande ; une demande en cours sans rendez-vous à la date des données est comptée comme une attente censurée à son ancienneté, une demande close ou orientée vers un partenaire sans rendez-vous est écartée.
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Effectif = demandes avec rendez-vous et demandes en attente. Quand moins de la moitié des demandes a eu son rendez-vous (mois récents), la médiane n’est pas atteinte et la case est vide (« non atteint »), ce qui n’est pas un secret statistique.
secret_base: "demandes_rdv_ou_attente"
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv'
