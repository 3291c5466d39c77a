/* ---
# A delivery changes only the cells of its years (a case's rows are all of one year, see
# int_durees.annee): those are computed again, the filter reaching the sources' scans; the APA's
# instruction times (no year) every time.
materialized: incremental
partition_by: annee
description: Médiane et 90e centile de Kaplan–Meier de chaque case de int_durees. S(t) = produit, sur les durées d’événement tᵢ ≤ t, de (1 − dᵢ/nᵢ), où dᵢ est le nombre d’événements à tᵢ et nᵢ le nombre d’individus dont la durée observée est au moins tᵢ (les attentes censurées à tᵢ comptent encore à risque). Le q-quantile est la plus petite durée d’événement t où S(t) ≤ 1 − q ; vide (« non atteint ») si S ne descend jamais aussi bas.
columns:
  annee: Année des lignes source de la case (vide pour l’instruction de l’APA), par laquelle une livraison ne recalcule que les cases de ses années.
  effectif: Nombre d’individus de la case (événements et attentes censurées).
  evenements: Nombre d’événements observés de la case.
  mediane: Médiane de Kaplan–Meier, en jours ; vide si S ne descend pas à 0,5.
  p90: 90e centile de Kaplan–Meier, en jours ; vide si S ne descend pas à 0,1.
--- */
-- S(t) is a running product in order of duration; a tolerance of 1e-9 lets an exact boundary
-- (S = 0.5 after 4 events out of 8) count as reached despite floating-point rounding.
WITH risque AS (
  SELECT *,
    sum(evenements + censures) OVER (PARTITION BY serie, annee, niveau, code, periode, dimension, modalite ORDER BY duree_jours DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a_risque
  FROM intermediate.int_durees
),
survie AS (
  SELECT *,
    product(1 - evenements::DOUBLE / a_risque) OVER (PARTITION BY serie, annee, niveau, code, periode, dimension, modalite ORDER BY duree_jours
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s
  FROM risque
)
SELECT serie, annee, niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  sum(evenements + censures) AS effectif,
  sum(evenements) AS evenements,
  min(duree_jours) FILTER (WHERE evenements > 0 AND s <= 0.5 + 1e-9) AS mediane,
  min(duree_jours) FILTER (WHERE evenements > 0 AND s <= 0.1 + 1e-9) AS p90
FROM survie
GROUP BY serie, annee, niveau, code, periode, dimension, modalite
