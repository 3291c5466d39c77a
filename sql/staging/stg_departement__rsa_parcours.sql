/* ---
materialized: view
description: Entrées dans le RSA (une ligne par allocataire entrant), des livraisons actives, avec la date de leurs données.
checks:
  not_null: [usager_pseudo, date_premier_versement]
  warn_row_count_change: 0.5
--- */
SELECT
  r.usager_pseudo,
  r.commune_residence,
  r.date_premier_versement,
  r.date_orientation,
  r.type_orientation,
  r.date_premier_rdv,
  r.referent_unique,
  r.date_contrat,
  r.date_sortie,
  l.date_extraction AS date_donnees
FROM raw.rsa_parcours AS r
JOIN meta.livraisons AS l ON l.livraison_id = r._livraison AND l.active
