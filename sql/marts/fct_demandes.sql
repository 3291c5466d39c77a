/* ---
# A view: the rows are intermediate.int_demandes's, recomputed month by month; only the date of
# the latest data, which every new delivery moves, is read here, at once for all rows.
materialized: view
# Rows by month of request, as int_demandes's: after a delivery, the checks look at its months'
# rows only (date_donnees_source, the one column that depends on every month, is not checked).
partition_by: mois_demande
description: Une ligne par demande, avec son site, son territoire et son délai jusqu’au premier rendez-vous (en jours), ou son attente à la date des données.
checks:
  not_null: [demande_id]
  unique: [demande_id]
  # A request at a site missing from the sites file would drop out of every figure by site.
  references: { site_id: staging.stg_sls__sites.site_id }
columns:
  date_donnees_source: Date des données la plus récente des demandes, date de la situation publiée (période des indicateurs d’attente).
--- */
SELECT
  d.demande_id,
  d.site_id,
  d.site_nom,
  d.territoire,
  d.code_departement,
  d.date_demande,
  d.date_premier_rdv,
  d.date_donnees,
  d.mois_demande,
  d.annee_demande,
  d.delai_jours,
  d.en_attente,
  m.date_donnees_source,
  d.attente_jours,
  d.statut_delai,
  d.duree_jours,
  d.motif,
  d.canal,
  d.commune_residence,
  d.tranche_age,
  d.issue
FROM intermediate.int_demandes AS d
CROSS JOIN (SELECT max(date_donnees) AS date_donnees_source FROM intermediate.int_demandes) AS m
