/* ---
description: Une ligne par demande d’aide à un CCAS, avec le délai de décision (en jours) et l’année de la demande.
checks:
  references: { ccas_commune: ref.communes.code_commune }
columns:
  ccas_commune_nom: Nom de la commune du CCAS.
  annee_demande: Année de la demande (AAAA).
  delai_decision_jours: Jours entre la demande et la décision ; vide sans décision.
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
  a.date_donnees
FROM staging.stg_ccas__aides AS a
LEFT JOIN ref.communes AS c ON c.code_commune = a.ccas_commune
