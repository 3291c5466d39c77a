/* ---
description: Une ligne par demande, avec son site, son territoire et son délai jusqu’au premier rendez-vous (en jours), ou son attente à la date des données.
checks:
  not_null: [demande_id]
  unique: [demande_id]
  # A request at a site missing from the sites file would drop out of every figure by site.
  references: { site_id: staging.stg_sls__sites.site_id }
columns:
  site_nom: Nom du site (fichier sites).
  mois_demande: Mois de la demande (AAAA-MM).
  annee_demande: Année de la demande (AAAA).
  delai_jours: Jours entre la demande et le premier rendez-vous ; vide sans rendez-vous.
  en_attente: Vrai si la demande n’a pas (encore) de premier rendez-vous.
  date_donnees_source: Date des données la plus récente des demandes, à laquelle on juge les attentes.
  attente_jours: Pour une demande en attente, jours écoulés depuis la demande à date_donnees_source.
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
  strftime(d.date_demande, '%Y-%m') AS mois_demande,
  strftime(d.date_demande, '%Y') AS annee_demande,
  d.date_premier_rdv - d.date_demande AS delai_jours,
  d.date_premier_rdv IS NULL AS en_attente,
  -- Pending requests are judged at the latest date of the data of the source: a request of an
  -- older delivery still without an appointment is still waiting, as far as the data tells.
  m.date_donnees_source,
  CASE WHEN d.date_premier_rdv IS NULL THEN m.date_donnees_source - d.date_demande END AS attente_jours,
  d.motif,
  d.canal,
  d.commune_residence,
  d.tranche_age,
  d.issue
FROM staging.stg_sls__demandes AS d
LEFT JOIN staging.stg_sls__sites AS s USING (site_id)
CROSS JOIN (SELECT max(date_donnees) AS date_donnees_source FROM staging.stg_sls__demandes) AS m
