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
  population: Population légale du département (somme de celle de ses communes, d’après son paquet).
  latitude: Latitude du centre de population du département (moyenne des centres de ses communes pondérée par leur population), pour une carte.
  longitude: Longitude du centre de population du département.
--- */
WITH centres AS (
  SELECT departement, sum(population)::BIGINT AS population,
    sum(latitude * population) / nullif(sum(population) FILTER (WHERE latitude IS NOT NULL), 0) AS latitude,
    sum(longitude * population) / nullif(sum(population) FILTER (WHERE longitude IS NOT NULL), 0) AS longitude
  FROM communes GROUP BY departement
)
SELECT p.departement, p.nom, p.edition, p.schema_version, p.sha256, p.base_publiee_sha256,
  p.date_donnees_min::DATE AS date_donnees_min, p.date_donnees_max::DATE AS date_donnees_max,
  p.periode_debut::DATE AS periode_debut, p.periode_fin::DATE AS periode_fin, p.recu_le::TIMESTAMPTZ AS recu_le,
  c.population, round(c.latitude, 5)::DOUBLE AS latitude, round(c.longitude, 5)::DOUBLE AS longitude
FROM provenances AS p LEFT JOIN centres AS c USING (departement)
ORDER BY p.departement
