/* ---
# Each row depends on its source row alone (and on the communes, whose change recomputes all):
# recomputed only for the months of date_premier_versement its deliveries touched.
materialized: incremental
partition_by: mois_entree
description: Une ligne par entrée dans le RSA, avec le territoire de la commune de résidence et les délais jusqu’à l’orientation et au premier rendez-vous (en jours).
checks:
  not_null: [usager_pseudo, date_premier_versement]
  references: { commune_residence: intermediate.int_communes.code_commune }
columns:
  mois_entree: Mois du premier versement (AAAA-MM).
  annee_entree: Année du premier versement (AAAA).
  delai_orientation_jours: Jours entre le premier versement et l’orientation ; vide sans orientation.
  delai_premier_rdv_jours: Jours entre le premier versement et le premier rendez-vous ; vide sans rendez-vous.
  avec_contrat: Vrai si un contrat (CER, PPAE) est signé.
  date_contrat: Date de signature du contrat ; vide sans contrat.
  date_donnees: Date des données de la livraison (date d’extraction, sinon dernière date du fichier).
  statut_orientation: Pour le délai d’orientation (Kaplan–Meier), evenement (orienté à la date des données au plus tard), censure (ni orienté ni sorti à cette date), vide (sorti sans orientation, écarté).
  duree_orientation_jours: Délai observé, jusqu’à l’orientation pour un événement, jusqu’à la date des données pour une censure.
  statut_premier_rdv: Pour le délai jusqu’au premier rendez-vous (Kaplan–Meier), evenement (rendez-vous à la date des données au plus tard), censure (ni rendez-vous ni sortie à cette date), vide (sorti sans rendez-vous, écarté).
  duree_premier_rdv_jours: Délai observé, jusqu’au premier rendez-vous pour un événement, jusqu’à la date des données pour une censure.
--- */
SELECT
  r.usager_pseudo,
  r.commune_residence,
  c.territoire,
  c.code_departement,
  r.date_premier_versement,
  strftime(r.date_premier_versement, '%Y-%m') AS mois_entree,
  strftime(r.date_premier_versement, '%Y') AS annee_entree,
  r.date_orientation - r.date_premier_versement AS delai_orientation_jours,
  r.date_premier_rdv - r.date_premier_versement AS delai_premier_rdv_jours,
  r.type_orientation,
  r.referent_unique,
  r.date_contrat IS NOT NULL AS avec_contrat,
  r.date_contrat,
  r.date_donnees,
  CASE WHEN e.oriente THEN 'evenement' WHEN e.en_attente THEN 'censure' END AS statut_orientation,
  CASE WHEN e.oriente THEN r.date_orientation - r.date_premier_versement
    WHEN e.en_attente THEN r.date_donnees - r.date_premier_versement END AS duree_orientation_jours,
  CASE WHEN e.rdv_vu THEN 'evenement' WHEN e.rdv_attendu THEN 'censure' END AS statut_premier_rdv,
  CASE WHEN e.rdv_vu THEN r.date_premier_rdv - r.date_premier_versement
    WHEN e.rdv_attendu THEN r.date_donnees - r.date_premier_versement END AS duree_premier_rdv_jours
FROM staging.stg_departement__rsa_parcours AS r
LEFT JOIN intermediate.int_communes AS c ON c.code_commune = r.commune_residence,
  -- Oriented when the orientation is dated on or before the date of the data; still waiting when
  -- neither oriented nor gone from the scheme by then (one who left unoriented is left out).
  LATERAL (SELECT
    r.date_orientation IS NOT NULL AND r.date_orientation <= r.date_donnees AS oriente,
    r.date_premier_versement <= r.date_donnees AND (r.date_orientation IS NULL OR r.date_orientation > r.date_donnees)
      AND (r.date_sortie IS NULL OR r.date_sortie > r.date_donnees) AS en_attente,
    r.date_premier_rdv IS NOT NULL AND r.date_premier_rdv <= r.date_donnees AS rdv_vu,
    r.date_premier_versement <= r.date_donnees AND (r.date_premier_rdv IS NULL OR r.date_premier_rdv > r.date_donnees)
      AND (r.date_sortie IS NULL OR r.date_sortie > r.date_donnees) AS rdv_attendu) AS e
