/* ---
description: Toutes les cases de tous les indicateurs, secret statistique appliqué (une case masquée n’a ni valeur ni numérateur ; ni dénominateur ni effectif non plus, sauf une part dont seul le numérateur est un petit groupe ; une médiane ou un centile ne publie jamais son effectif).
columns:
  secret: Vrai quand la case est masquée par le secret statistique (à afficher « secret statistique », jamais 0).
  date_donnees_estimee: Vrai quand la date des données n’a pas été transmise (livraison sans date d’extraction, séries de la DREES) et que la fin de la période en tient lieu.
--- */
-- The one table the dashboard reads. Statistical secrecy is applied here, where data is
-- published, not in the pages: secret.cellules holds the cells masked by the publication step
-- (pipelines/publish/ writes it in the warehouse before it builds the published tables). Why a cell
-- is masked (primary or secondary) stays there: it would tell an attacker which masked cells are small.
SELECT
  i.indicateur,
  i.niveau,
  i.code,
  i.libelle,
  i.periode,
  i.dimension,
  i.modalite,
  CASE WHEN s.suppression IS NULL THEN i.valeur END AS valeur,
  CASE WHEN s.suppression IS NULL THEN i.numerateur END AS numerateur,
  -- A share whose numerator only is withheld keeps its denominator (partiel).
  CASE WHEN s.suppression IS NULL OR s.partiel THEN i.denominateur END AS denominateur,
  -- A median's or a percentile's effectif is never published (secret_base: aucune): it would be a
  -- count of people the attacker could tie to others; the value alone reveals none.
  CASE WHEN (s.suppression IS NULL OR s.partiel) AND NOT list_contains(coalesce(getvariable('secret_sans_effectif'), []::VARCHAR[]), i.indicateur)
    THEN i.effectif END AS effectif,
  s.suppression IS NOT NULL AS secret,
  i.unite,
  i.date_donnees,
  i.date_donnees_estimee
FROM marts.indicateurs AS i
LEFT JOIN (SELECT * FROM secret.cellules WHERE edition = '') AS s USING (indicateur, niveau, code, periode, dimension, modalite)
ORDER BY i.indicateur, i.niveau, i.code, i.periode, i.dimension, i.modalite
