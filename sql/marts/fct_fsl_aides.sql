/* ---
description: Une ligne par demande d’aide au FSL, avec le territoire de la commune de résidence et le délai de décision (en jours).
checks:
  not_null: [aide_id, date_demande]
  references: { commune_residence: intermediate.int_communes.code_commune }
columns:
  territoire: Territoire d’action de la commune de résidence.
  annee_demande: Année de la demande (AAAA).
  delai_decision_jours: Jours entre la demande et la décision ; vide sans décision.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_decision: Pour le délai de décision (Kaplan–Meier), evenement (décidée à la date des données au plus tard), censure (en cours à cette date).
  duree_decision_jours: Délai observé, jusqu’à la décision pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  a.aide_id,
  a.usager_pseudo,
  a.commune_residence,
  c.territoire,
  c.code_departement,
  a.date_demande,
  a.date_decision,
  strftime(a.date_demande, '%Y') AS annee_demande,
  a.date_decision - a.date_demande AS delai_decision_jours,
  a.type_aide,
  a.decision,
  a.montant_eur,
  a.date_donnees,
  CASE WHEN e.decidee THEN 'evenement' WHEN e.en_cours THEN 'censure' END AS statut_decision,
  CASE WHEN e.decidee THEN a.date_decision - a.date_demande WHEN e.en_cours THEN a.date_donnees - a.date_demande END AS duree_decision_jours
FROM staging.stg_fsl__aides AS a
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = a.commune_residence,
  LATERAL (SELECT
    a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees AS decidee,
    a.date_demande <= a.date_donnees AND NOT (a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees)
      AND (a.decision = 'en_cours' OR a.date_decision > a.date_donnees) AS en_cours) AS e
