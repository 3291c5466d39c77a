/* ---
description: Les paquets de données ouvertes chargés dans la fédération, un par département (le dernier reçu), avec leur provenance.
columns:
  departement: Code du département producteur.
  nom: Nom du département.
  edition: Édition gelée dont viennent les chiffres ; vide pour la dernière publication du département.
  schema_version: Version du schéma du paquet.
  sha256: Empreinte SHA-256 de son datapackage.json (qui porte l’empreinte de chacun de ses fichiers).
  base_publiee_sha256: Empreinte SHA-256 de la base publiée du département dont il a été tiré.
  date_donnees_min: Plus ancienne date des données de ses cases.
  date_donnees_max: Date des données la plus récente de ses cases : la date des chiffres du département.
  periode_debut: Premier jour couvert par ses cases.
  periode_fin: Dernier jour couvert par ses cases.
  recu_le: Date et heure de son chargement dans la fédération.
--- */
SELECT departement, nom, edition, schema_version, sha256, base_publiee_sha256,
  date_donnees_min::DATE AS date_donnees_min, date_donnees_max::DATE AS date_donnees_max,
  periode_debut::DATE AS periode_debut, periode_fin::DATE AS periode_fin, recu_le::TIMESTAMPTZ AS recu_le
FROM provenances
ORDER BY departement
