-- The catalogue with what the pages show beside each figure, read from the département's own cells:
-- the latest complete year (all its months published, or a yearly indicator), the latest month,
-- the latest date, each with the one before, the period of the key figure and the date of the data.
WITH departement AS (
  SELECT DISTINCT code_departement AS code FROM communes
),
cellules AS (
  SELECT i.indicateur, i.periode, max(i.date_donnees) AS date_donnees, bool_or(i.date_donnees_estimee) AS date_estimee,
    CASE length(i.periode) WHEN 4 THEN 'annee' WHEN 7 THEN 'mois' ELSE 'jour' END AS pas
  FROM indicateurs AS i JOIN departement AS d ON i.code = d.code
  WHERE i.niveau = 'departement'
  GROUP BY ALL
),
mois_par_annee AS (
  SELECT indicateur, left(periode, 4) AS annee, count(*) AS mois FROM cellules WHERE pas = 'mois' GROUP BY ALL
),
annees AS (
  SELECT c.indicateur, c.periode
  FROM cellules AS c LEFT JOIN mois_par_annee AS m ON m.indicateur = c.indicateur AND m.annee = c.periode
  WHERE c.pas = 'annee'
    AND (m.mois = 12 OR NOT EXISTS (SELECT 1 FROM mois_par_annee AS x WHERE x.indicateur = c.indicateur))
),
derniers AS (
  SELECT
    c.indicateur,
    (SELECT max(periode) FROM annees AS a WHERE a.indicateur = c.indicateur) AS annee,
    max(c.periode) FILTER (WHERE c.pas = 'mois') AS mois,
    max(c.periode) FILTER (WHERE c.pas = 'jour') AS jour,
    -- As text: Evidence turns a NULL date into 1970-01-01 in the pages.
    strftime(max(c.date_donnees), '%Y-%m-%d') AS date_donnees,
    -- The latest date is an end of period standing for a date nobody sent.
    arg_max(c.date_estimee, c.date_donnees) AS date_estimee
  FROM cellules AS c
  GROUP BY c.indicateur
),
reperes AS (
  SELECT d.*,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'annee' AND c.periode < d.annee) AS annee_prec,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'mois' AND c.periode < d.mois) AS mois_prec,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'jour' AND c.periode < d.jour) AS jour_prec
  FROM derniers AS d
)
SELECT k.*, r.* EXCLUDE (indicateur),
  coalesce(r.annee, r.mois, r.jour) AS periode,
  CASE WHEN r.annee IS NOT NULL THEN r.annee_prec WHEN r.mois IS NOT NULL THEN r.mois_prec ELSE r.jour_prec END AS periode_prec,
  (SELECT min(code) FROM departement) AS departement,
  k.niveaux LIKE '%france%' AS drees,
  e.engagement, e.engagement_titre, e.engagement_sens, e.engagement_cible, e.engagement_echeance, e.engagement_statut,
  e.engagement_motif, e.engagement_periode
FROM catalogue AS k LEFT JOIN reperes AS r USING (indicateur)
-- The département's first engagement on the indicator's total, shown beside its figures.
LEFT JOIN (
  SELECT DISTINCT ON (indicateur) indicateur, engagement, titre AS engagement_titre, sens AS engagement_sens, cible AS engagement_cible,
    echeance AS engagement_echeance, statut AS engagement_statut, motif AS engagement_motif, periode AS engagement_periode
  FROM engagements WHERE niveau = 'departement' AND dimension = '' AND code = (SELECT min(code) FROM departement)
  ORDER BY indicateur, ordre
) AS e USING (indicateur)
ORDER BY k.theme, k.indicateur
