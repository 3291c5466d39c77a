/* ---
description: Les contours des communes du département (données publiques, IGN), pour les cartes sans serveur de tuiles.
columns:
  code_contour: Code de la commune dans le fichier de contours (une commune fusionnée depuis en a plusieurs).
  geometrie: Géométrie GeoJSON (Polygon ou MultiPolygon, longitude/latitude).
--- */
SELECT c.code_commune, c.code_contour, c.geometrie
FROM ref.contours AS c
WHERE c.code_commune IN (SELECT code_commune FROM intermediate.int_communes)
ORDER BY c.code_commune, c.code_contour
