/* ---
titre: Délai avant le premier rendez-vous pour 9 demandes sur 10
definition: 90e centile de Kaplan–Meier du nombre de jours entre la demande et le premier rendez-vous (délai en deçà duquel 9 demandes sur 10 ont leur rendez-vous), par mois de la demande ; les demandes en attente sont censurées à leur ancienneté, les demandes closes ou orientées sans rendez-vous écartées.
unite: jours
sens: baisse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Effectif = demandes avec rendez-vous et demandes en attente. Tant que plus d’une demande sur dix attend encore, le centile n’est pas atteint et la case est vide (« non atteint »), ce qui n’est pas un secret statistique.
secret_base: "aucune"
tests:
  - nom: les quantiles de Kaplan–Meier des premiers rendez-vous, pas ceux d’une autre série
    donnees:
      intermediate.int_kaplan_meier:
        - {serie: premier_rdv, niveau: site, code: S1, libelle: Site 1, periode: 2025-01, dimension: '', modalite: '', effectif: 8, evenements: 5, mediane: 12, p90: 30}
        - {serie: premier_rdv, niveau: territoire, code: Nord, libelle: Nord, periode: '2025', dimension: motif, modalite: logement, effectif: 3, evenements: 1, mediane: null, p90: null}
        - {serie: premier_rdv_rsa, niveau: territoire, code: Sud, libelle: Sud, periode: 2025-01, dimension: '', modalite: '', effectif: 7, evenements: 7, mediane: 3, p90: 8}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-01, valeur: 30, effectif: 8}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: logement, valeur: null, effectif: 3}
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, p90 AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv'
