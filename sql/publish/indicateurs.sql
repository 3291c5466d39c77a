-- The one table the dashboard reads. Statistical secrecy is applied here, where data is
-- published, not in the pages: a cell behind fewer people than the threshold shows no value.
SELECT
  indicateur,
  niveau,
  code,
  libelle,
  periode,
  CASE WHEN effectif >= getvariable('seuil_secret') THEN valeur END AS valeur,
  CASE WHEN effectif >= getvariable('seuil_secret') THEN effectif END AS effectif,
  effectif < getvariable('seuil_secret') AS secret,
  date_donnees
FROM marts.indicateurs
ORDER BY indicateur, niveau, code, periode
