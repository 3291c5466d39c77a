/* ---
materialized: view
# Rows by month of request, the month of their delivery's partition: after a delivery, the checks
# look at its months' rows only.
partition_by: mois_demande
description: Demandes aux services sociaux du département, des livraisons actives, avec la date de leurs données.
columns:
  mois_demande: Mois de la demande (AAAA-MM).
checks:
  not_null: [demande_id, site_id, date_demande]
  unique: [demande_id]
  warn_row_count_change: 0.5
  warn_stale_after_days: 365
--- */
SELECT
  d.demande_id,
  d.usager_pseudo,
  d.site_id,
  d.date_demande,
  strftime(d.date_demande, '%Y-%m') AS mois_demande,
  d.date_premier_rdv,
  d.motif,
  d.canal,
  d.commune_residence,
  d.tranche_age,
  d.issue,
  l.date_extraction AS date_donnees
FROM raw.sls_demandes AS d
JOIN meta.livraisons AS l ON l.livraison_id = d._livraison AND l.active
