-- What the figures were computed from: deliveries received, with their checksums, never their rows.
SELECT source, producteur, periode, fichier, sha256, lignes, date_extraction, recue_le, active
FROM meta.livraisons
ORDER BY recue_le DESC
