-- What the figures were computed from: deliveries received, never their rows.
SELECT source, producteur, periode, fichier, lignes, date_extraction, recue_le, active
FROM meta.livraisons
ORDER BY recue_le DESC
