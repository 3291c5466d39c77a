/* ---
description: Une ligne par demande d’aide à un CCAS, avec le délai de décision (en jours) et l’année de la demande.
checks:
  references: { ccas_commune: ref.communes.code_commune }
columns:
  ccas_commune_nom: Nom de la commune du CCAS.
  annee_demande: Année de la demande (AAAA).
  delai_decision_jours: Jours entre la demande et la décision ; vide sans décision.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_decision: Pour le délai de décision (Kaplan–Meier), evenement (décidée à la date des données au plus tard), censure (en cours à cette date), vide (sans date de décision mais pas en cours, écartée).
  duree_decision_jours: Délai observé, jusqu’à la décision pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  a.aide_id,
  a.ccas_commune,
  c.nom AS ccas_commune_nom,
  c.code_departement,
  a.commune_residence,
  a.date_demande,
  strftime(a.date_demande, '%Y') AS annee_demande,
  a.date_decision - a.date_demande AS delai_decision_jours,
  a.type_aide,
  a.decision,
  a.montant_eur,
  a.date_donnees,
  CASE WHEN e.decidee THEN 'evenement' WHEN e.en_cours THEN 'censure' END AS statut_decision,
  CASE WHEN e.decidee THEN a.date_decision - a.date_demande WHEN e.en_cours THEN a.date_donnees - a.date_demande END AS duree_decision_jours
FROM staging.stg_ccas__aides AS a
LEFT JOIN ref.communes AS c ON c.code_commune = a.ccas_commune,
  -- Decided when the decision is dated on or before the date of the data; still waiting when it is
  -- not, and the request is in progress (or its decision is dated after the date of the data).
  LATERAL (SELECT
    a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees AS decidee,
    a.date_demande <= a.date_donnees AND NOT (a.date_decision IS NOT NULL AND a.date_decision <= a.date_donnees)
      AND (a.decision = 'en_cours' OR a.date_decision > a.date_donnees) AS en_cours) AS e
