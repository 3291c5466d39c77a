/* ---
# Each row depends on its source row alone (and on the communes, whose change recomputes all):
# recomputed only for the months of date_reception its deliveries touched.
materialized: incremental
partition_by: mois_reception
description: Une ligne par information préoccupante, avec le territoire de la commune de résidence de l’enfant et le délai d’évaluation (de la réception à la fin de l’évaluation, en jours).
checks:
  not_null: [ip_id, date_reception]
  references: { commune_residence: intermediate.int_communes.code_commune }
columns:
  territoire: Territoire d’action de la commune de résidence.
  mois_reception: Mois de réception (AAAA-MM).
  annee_reception: Année de réception (AAAA).
  delai_evaluation_jours: Jours entre la réception et la fin de l’évaluation ; vide si elle est en cours.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_evaluation: Pour le délai d’évaluation (Kaplan–Meier), evenement (évaluation finie à la date des données au plus tard), censure (en cours à cette date).
  duree_evaluation_jours: Délai observé, jusqu’à la fin de l’évaluation pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  i.ip_id,
  i.commune_residence,
  c.territoire,
  c.code_departement,
  i.tranche_age_enfant,
  i.date_reception,
  i.date_fin_evaluation,
  strftime(i.date_reception, '%Y-%m') AS mois_reception,
  strftime(i.date_reception, '%Y') AS annee_reception,
  i.date_fin_evaluation - i.date_reception AS delai_evaluation_jours,
  i.issue,
  i.date_donnees,
  CASE WHEN e.finie THEN 'evenement' WHEN e.en_cours THEN 'censure' END AS statut_evaluation,
  CASE WHEN e.finie THEN i.date_fin_evaluation - i.date_reception WHEN e.en_cours THEN i.date_donnees - i.date_reception END AS duree_evaluation_jours
FROM staging.stg_ase__informations_preoccupantes AS i
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = i.commune_residence,
  LATERAL (SELECT
    i.date_fin_evaluation IS NOT NULL AND i.date_fin_evaluation <= i.date_donnees AS finie,
    i.date_reception <= i.date_donnees AND (i.date_fin_evaluation IS NULL OR i.date_fin_evaluation > i.date_donnees) AS en_cours) AS e
