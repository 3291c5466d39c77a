/* ---
materialized: view
description: Demandes d’aide au fonds de solidarité pour le logement (FSL), des livraisons actives.
checks:
  not_null: [aide_id, usager_pseudo, date_demande]
--- */
SELECT
  a.aide_id,
  a.usager_pseudo,
  a.commune_residence,
  a.date_demande,
  a.date_decision,
  a.type_aide,
  a.decision,
  a.montant_eur,
  l.date_extraction AS date_donnees
FROM raw.fsl_aides AS a
JOIN meta.livraisons AS l ON l.livraison_id = a._livraison AND l.active
