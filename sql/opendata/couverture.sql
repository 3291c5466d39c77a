-- What a data package covers, read in the published database it is made from: the observed
-- département (that of its communes; the département-level cells of other départements are DREES
-- comparisons), the first and last day of the periods of its indicators' cells, and the dates of
-- the data behind them.
WITH periodes AS (
  SELECT
    CASE length(periode)
      WHEN 4 THEN make_date(periode::INTEGER, 1, 1)
      WHEN 7 THEN strptime(periode || '-01', '%Y-%m-%d')::DATE
      ELSE periode::DATE
    END AS debut,
    CASE length(periode)
      WHEN 4 THEN make_date(periode::INTEGER, 12, 31)
      WHEN 7 THEN last_day(strptime(periode || '-01', '%Y-%m-%d')::DATE)
      ELSE periode::DATE
    END AS fin,
    date_donnees
  FROM indicateurs
)
SELECT
  (SELECT string_agg(DISTINCT code_departement, ',' ORDER BY code_departement) FROM communes) AS departement,
  strftime(min(debut), '%Y-%m-%d') AS debut,
  strftime(max(fin), '%Y-%m-%d') AS fin,
  strftime(min(date_donnees), '%Y-%m-%d') AS date_donnees_min,
  strftime(max(date_donnees), '%Y-%m-%d') AS date_donnees_max
FROM periodes
