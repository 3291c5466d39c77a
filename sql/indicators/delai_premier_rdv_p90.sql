/* ---
titre: Délai avant le premier rendez-vous pour 9 demandes sur 10
definition: 90e centile de Kaplan–Meier du nombre de jours entre la demande et le premier rendez-vous (délai en deçà duquel 9 demandes sur 10 ont leur rendez-vous), par mois de la demande ; les demandes en attente sont censurées à leur ancienneté, les demandes closes ou orientées sans rendez-vous écartées.
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Effectif = demandes avec rendez-vous et demandes en attente. Tant que plus d’une demande sur dix attend encore, le centile n’est pas atteint et la case est vide (« non atteint »), ce qui n’est pas un secret statistique.
secret_base: "demandes_rdv_ou_attente"
--- */
-- Kaplan–Meier quantiles, computed once for every time-to-event series in intermediate.int_kaplan_meier.
SELECT niveau, code, libelle, periode, dimension, modalite, p90 AS valeur, effectif
FROM intermediate.int_kaplan_meier
WHERE serie = 'premier_rdv'
