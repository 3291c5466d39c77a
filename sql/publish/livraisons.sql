/* ---
description: Les livraisons reçues (jamais leurs lignes), pour la page sur les données.
columns:
  source: Format d’échange de la livraison.
  producteur: Qui l’a envoyée (d’après le nom du fichier ou l’option --producteur).
  periode: Période couverte.
  fichier: Nom du fichier reçu.
  sha256: Empreinte SHA-256 du fichier reçu.
  lignes: Nombre de lignes chargées.
  date_extraction: Date des données de la livraison.
  recue_le: Date et heure du chargement.
  active: Vrai si c’est la livraison en vigueur pour sa source, son producteur et sa période (une nouvelle la remplace).
--- */
-- What the figures were computed from: deliveries received, with their checksums, never their rows.
SELECT source, producteur, periode, fichier, sha256, lignes, date_extraction, recue_le, active
FROM meta.livraisons
ORDER BY recue_le DESC
