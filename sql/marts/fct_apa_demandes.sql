/* ---
description: Une ligne par demande d’APA, avec le territoire de la commune de résidence et le délai d’instruction (du dossier complet à la décision, en jours).
checks:
  not_null: [demande_id, date_depot]
  references: { commune_residence: intermediate.int_communes.code_commune }
columns:
  territoire: Territoire d’action de la commune de résidence.
  mois_dossier_complet: Mois où le dossier est complet (AAAA-MM) ; vide s’il ne l’est pas.
  annee_dossier_complet: Année où le dossier est complet (AAAA) ; vide s’il ne l’est pas.
  mois_decision: Mois de la décision (AAAA-MM) ; vide sans décision.
  annee_decision: Année de la décision (AAAA) ; vide sans décision.
  delai_instruction_jours: Jours entre le dossier complet et la décision ; vide sans l’une des deux dates.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_instruction: Pour le délai d’instruction (Kaplan–Meier), evenement (accordée ou refusée à la date des données au plus tard), censure (dossier complet, en cours à cette date), vide (dossier incomplet, ou demande classée sans suite, écartée).
  duree_instruction_jours: Délai observé, jusqu’à la décision pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  a.demande_id,
  a.usager_pseudo,
  a.commune_residence,
  c.territoire,
  c.code_departement,
  a.tranche_age_pa,
  a.date_depot,
  a.date_dossier_complet,
  a.date_decision,
  strftime(a.date_dossier_complet, '%Y-%m') AS mois_dossier_complet,
  strftime(a.date_dossier_complet, '%Y') AS annee_dossier_complet,
  strftime(a.date_decision, '%Y-%m') AS mois_decision,
  strftime(a.date_decision, '%Y') AS annee_decision,
  a.date_decision - a.date_dossier_complet AS delai_instruction_jours,
  a.lieu,
  a.gir,
  a.decision,
  a.date_donnees,
  CASE WHEN e.decidee THEN 'evenement' WHEN e.en_cours THEN 'censure' END AS statut_instruction,
  CASE WHEN e.decidee THEN a.date_decision - a.date_dossier_complet WHEN e.en_cours THEN a.date_donnees - a.date_dossier_complet END AS duree_instruction_jours
FROM staging.stg_apa__demandes AS a
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = a.commune_residence,
  -- The legal time runs from the complete file: a file not complete yet is not waiting for a
  -- decision. A request closed without a decision (sans_suite) has no decision time.
  LATERAL (SELECT
    a.date_dossier_complet IS NOT NULL AND a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees
      AND a.decision IN ('accordee', 'refusee') AS decidee,
    a.date_dossier_complet <= a.date_donnees AND NOT (a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees)
      AND (a.decision = 'en_cours' OR a.date_decision > a.date_donnees) AS en_cours) AS e
