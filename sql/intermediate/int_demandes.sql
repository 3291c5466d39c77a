/* ---
materialized: incremental
# The month of the request is the month of its source row (raw.sls_demandes is partitioned by
# date_demande): a delivery recomputes only the months it touched. A change of the sites file, or
# of this file, recomputes every month.
partition_by: mois_demande
description: Une ligne par demande, avec son site, son territoire et son délai jusqu’au premier rendez-vous (en jours), ou son attente à la date des données ; recalculée mois par mois, pour les seuls mois que touchent les nouvelles livraisons.
columns:
  site_nom: Nom du site (fichier sites).
  mois_demande: Mois de la demande (AAAA-MM).
  annee_demande: Année de la demande (AAAA).
  date_donnees: Date des données de la livraison de la demande (date d’extraction, sinon dernière date du fichier) ; chaque producteur est jugé à la sienne.
  delai_jours: Jours entre la demande et le premier rendez-vous ; vide sans rendez-vous.
  en_attente: Vrai si, à la date des données de sa livraison, la demande est en cours (issue en_cours) sans premier rendez-vous à cette date.
  attente_jours: Pour une demande en attente, jours écoulés depuis la demande à la date des données de sa livraison.
  statut_delai: Pour les délais (Kaplan–Meier), evenement (rendez-vous à la date des données au plus tard), censure (en attente), vide (close ou orientée sans rendez-vous, écartée).
  duree_jours: Délai observé, jusqu’au rendez-vous pour un événement, jusqu’à la date des données pour une demande en attente.
--- */
SELECT
  d.demande_id,
  d.site_id,
  s.nom AS site_nom,
  s.territoire,
  s.code_departement,
  d.date_demande,
  d.date_premier_rdv,
  d.date_donnees,
  d.mois_demande,
  strftime(d.date_demande, '%Y') AS annee_demande,
  d.date_premier_rdv - d.date_demande AS delai_jours,
  e.en_attente,
  -- Each request is judged at the date of its own delivery's data: what a delivery extracted in
  -- November says is true in November, not aged to the latest delivery of another producer.
  CASE WHEN e.en_attente THEN d.date_donnees - d.date_demande END AS attente_jours,
  CASE WHEN e.rdv_vu THEN 'evenement' WHEN e.en_attente THEN 'censure' END AS statut_delai,
  CASE WHEN e.rdv_vu THEN d.date_premier_rdv - d.date_demande WHEN e.en_attente THEN d.date_donnees - d.date_demande END AS duree_jours,
  d.motif,
  d.canal,
  d.commune_residence,
  d.tranche_age,
  d.issue
FROM staging.stg_sls__demandes AS d
LEFT JOIN staging.stg_sls__sites AS s USING (site_id)
CROSS JOIN
  -- An appointment is seen when it took place on or before the date of the data; a request is
  -- waiting when it is still open (en_cours) with none seen; closed requests and those passed on
  -- without an appointment are neither.
  LATERAL (SELECT
    d.date_premier_rdv IS NOT NULL AND d.date_premier_rdv <= d.date_donnees AS rdv_vu,
    d.issue = 'en_cours' AND d.date_demande <= d.date_donnees
      AND (d.date_premier_rdv IS NULL OR d.date_premier_rdv > d.date_donnees) AS en_attente) AS e
