/* ---
description: Tous les indicateurs dans une table longue (indicateur, niveau, code, période, dimension, modalité, valeur, numérateur, dénominateur, effectif), avec leur unité et la date de leurs données, avant secret statistique.
checks:
  not_null: [indicateur, niveau, code, periode, unite]
  expect_no_rows:
    - name: unique(indicateur, niveau, code, periode, dimension, modalite)
      sql: SELECT indicateur, niveau, code, periode, dimension, modalite FROM marts.indicateurs GROUP BY ALL HAVING count(*) > 1 LIMIT 5
      message: une même cellule d’indicateur apparaît plusieurs fois
--- */
-- The date of a cell's data is the latest extraction date of the active deliveries of its
-- indicator's first source, the one its figures count (the others, sites or territories, only place
-- them): staffing is dated by the staffing deliveries, not by the sites file.
WITH extraction AS (
  SELECT source, max(date_extraction) AS date_extraction FROM meta.livraisons WHERE active GROUP BY source
),
cases AS (
  SELECT i.indicateur, i.niveau::VARCHAR AS niveau, i.code::VARCHAR AS code, i.libelle::VARCHAR AS libelle, i.periode::VARCHAR AS periode,
    coalesce(i.dimension::VARCHAR, '') AS dimension, coalesce(i.modalite::VARCHAR, '') AS modalite,
    i.valeur::DOUBLE AS valeur, i.numerateur::DOUBLE AS numerateur, i.denominateur::DOUBLE AS denominateur,
    i.effectif::BIGINT AS effectif, f.unite, x.date_extraction::DATE AS date_extraction
  FROM intermediate.int_indicateurs AS i
  JOIN ref.fiches_indicateurs AS f USING (indicateur)
  LEFT JOIN extraction AS x ON x.source = f.sources[1]
)
SELECT indicateur, niveau, code, libelle, periode, dimension, modalite, valeur, numerateur, denominateur, effectif, unite,
  -- Without an extraction date (a CAF delivery by month, the DREES files), the end of the cell's
  -- period stands for it, marked as estimated.
  coalesce(date_extraction, CASE length(periode)
    WHEN 4 THEN try_cast(periode || '-12-31' AS DATE)
    WHEN 7 THEN last_day(try_cast(periode || '-01' AS DATE))
    ELSE try_cast(periode AS DATE) END) AS date_donnees,
  date_extraction IS NULL AS date_donnees_estimee
FROM cases
ORDER BY ALL
