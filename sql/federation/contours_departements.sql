/* ---
description: "Le contour de chaque département fédéré, tiré des contours de ses communes publiés dans son paquet : les bords que deux communes du même département partagent s’annulent, restent ceux du département (coordonnées arrondies au millième de degré, une centaine de mètres). Chaque bord garde le sens de parcours de sa commune, pour qu’une carte refasse les anneaux du département et le colorie."
columns:
  departement: Code du département.
  bords: Nombre de segments de son contour.
  geometrie: Son contour en GeoJSON (MultiLineString de segments orientés, longitude puis latitude, WGS84).
--- */
WITH anneaux AS (
  SELECT departement, code_contour, unnest(CASE json_extract_string(geometrie, '$.type')
      WHEN 'Polygon' THEN json_extract(geometrie, '$.coordinates')::DOUBLE[][][]
      WHEN 'MultiPolygon' THEN flatten(json_extract(geometrie, '$.coordinates')::DOUBLE[][][][])
    END) AS anneau
  FROM contours
),
segments AS (
  SELECT departement, unnest(list_transform(range(1, len(anneau)),
    i -> [[round(anneau[i][1], 3), round(anneau[i][2], 3)], [round(anneau[i + 1][1], 3), round(anneau[i + 1][2], 3)]])) AS s
  FROM anneaux
),
-- A segment two communes share is inside the département: it appears once in each direction.
bords AS (
  SELECT departement, s, count(*) OVER (PARTITION BY departement, least(s[1], s[2]), greatest(s[1], s[2])) AS fois
  FROM segments WHERE s[1] <> s[2]
)
SELECT departement, count(*)::INTEGER AS bords,
  '{"type":"MultiLineString","coordinates":' || to_json(list(s ORDER BY s)) || '}' AS geometrie
FROM bords WHERE fois = 1
GROUP BY departement
ORDER BY departement
