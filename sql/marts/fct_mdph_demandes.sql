/* ---
# Each row depends on its source row alone (and on the communes, whose change recomputes all):
# recomputed only for the months of date_depot its deliveries touched.
materialized: incremental
partition_by: mois_depot
description: Une ligne par prestation demandée à la MDPH, avec le territoire de la commune de résidence et le délai de décision (du dépôt à la décision, en jours).
checks:
  not_null: [demande_id, date_depot, prestation]
  references: { commune_residence: intermediate.int_communes.code_commune }
columns:
  territoire: Territoire d’action de la commune de résidence.
  mois_depot: Mois du dépôt (AAAA-MM).
  annee_depot: Année du dépôt (AAAA).
  delai_decision_jours: Jours entre le dépôt et la décision ; vide sans décision.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_decision: Pour le délai de décision (Kaplan–Meier), evenement (accordée ou refusée à la date des données au plus tard), censure (en cours à cette date), vide (classée sans suite, écartée).
  duree_decision_jours: Délai observé, jusqu’à la décision pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  m.demande_id,
  m.usager_pseudo,
  m.commune_residence,
  c.territoire,
  c.code_departement,
  m.tranche_age,
  m.date_depot,
  m.date_decision,
  strftime(m.date_depot, '%Y-%m') AS mois_depot,
  strftime(m.date_depot, '%Y') AS annee_depot,
  m.date_decision - m.date_depot AS delai_decision_jours,
  m.prestation,
  m.decision,
  m.date_donnees,
  CASE WHEN e.decidee THEN 'evenement' WHEN e.en_cours THEN 'censure' END AS statut_decision,
  CASE WHEN e.decidee THEN m.date_decision - m.date_depot WHEN e.en_cours THEN m.date_donnees - m.date_depot END AS duree_decision_jours
FROM staging.stg_mdph__demandes AS m
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = m.commune_residence,
  LATERAL (SELECT
    m.date_decision IS NOT NULL AND m.date_decision <= m.date_donnees AND m.decision IN ('accordee', 'refusee') AS decidee,
    m.date_depot <= m.date_donnees AND NOT (m.date_decision IS NOT NULL AND m.date_decision <= m.date_donnees)
      AND (m.decision = 'en_cours' OR m.date_decision > m.date_donnees) AS en_cours) AS e
