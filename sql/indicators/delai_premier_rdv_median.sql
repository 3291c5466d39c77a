/* ---
titre: Délai médian avant le premier rendez-vous
definition: Médiane de Kaplan–Meier du nombre de jours entre la demande et le premier rendez-vous, par mois de la demande ; une demande en cours sans rendez-vous à la date des données est comptée comme une attente censurée à son ancienneté, une demande close ou orientée vers un partenaire sans rendez-vous est écartée.
unite: jours
sens: baisse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Effectif = demandes avec rendez-vous et demandes en attente. Quand moins de la moitié des demandes a eu son rendez-vous (mois récents), la médiane n’est pas atteinte et la case est vide (« non atteint »), ce qui n’est pas un secret statistique.
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier des premiers rendez-vous, pas ceux d’une autre série
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: premier_rdv, niveau: site, code: S1, libelle: Site 1, periode: 2025-01, dimension: '', modalite: '', effectif: 8, evenements: 5, mediane: 12, p90: 30}
        - {serie: premier_rdv, niveau: territoire, code: Nord, libelle: Nord, periode: '2025', dimension: motif, modalite: logement, effectif: 3, evenements: 1, mediane: null, p90: null}
        - {serie: premier_rdv_rsa, niveau: territoire, code: Sud, libelle: Sud, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-01, valeur: 12, effectif: 8}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: logement, valeur: null, effectif: 3}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, mediane AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv'
