/* ---
description: "Le total des départements fédérés pour chaque case, calculé à partir de leurs seules cases publiées : une case masquée par un département n’y entre pas (le total est alors fait sans lui, et la précaution le dit), si bien qu’aucune soustraction ne la fait réapparaître."
columns:
  departements: Nombre de départements qui publient la case.
  departements_inclus: Nombre de départements dont la case publiée entre dans le total.
  departements_masques: Codes des départements dont la case est masquée et n’entre pas dans le total (séparés par des virgules) ; vide sinon.
  complet: Vrai quand aucun département n’a masqué la case.
  effectif: Somme des effectifs publiés des départements inclus.
  numerateur: Somme des numérateurs publiés des départements inclus.
  denominateur: Somme des dénominateurs publiés des départements inclus.
  valeur: Pour un comptage de personnes (valeur égale à l’effectif dans chaque département) : la somme des valeurs ; pour un taux ou un ratio (même rapport numérateur/dénominateur dans chaque département) : somme des numérateurs sur somme des dénominateurs, dans l’unité de l’indicateur ; vide pour ce qui ne s’additionne pas (médiane, délai…).
  secret: Vrai quand toutes les cases des départements sont masquées (pas de total).
  precaution: Ce qu’il faut savoir pour lire le total (départements laissés de côté).
--- */
WITH publiees AS (
  SELECT *,
    -- The factor between the published value and numerator / denominator (1, 100, 1 000…), when there is one.
    CASE WHEN NOT secret AND numerateur > 0 AND denominateur > 0 AND valeur > 0
      THEN power(10, round(log10(valeur * denominateur / numerateur))) END AS facteur
  FROM fed.indicateurs_departements
  WHERE indicateur IN (SELECT indicateur FROM fed.catalogue WHERE memes_definitions)
),
totaux AS (
  SELECT indicateur, periode, dimension, modalite, any_value(unite) AS unite,
    count(*)::INTEGER AS departements,
    count(*) FILTER (WHERE NOT secret)::INTEGER AS departements_inclus,
    string_agg(departement, ',' ORDER BY departement) FILTER (WHERE secret) AS departements_masques,
    sum(effectif) FILTER (WHERE NOT secret) AS effectif,
    sum(numerateur) FILTER (WHERE NOT secret) AS numerateur,
    sum(denominateur) FILTER (WHERE NOT secret) AS denominateur,
    min(facteur) AS facteur_min, max(facteur) AS facteur_max,
    count(*) FILTER (WHERE NOT secret AND (numerateur IS NULL OR denominateur IS NULL)) AS sans_rapport,
    -- A count of people (the value is the number of people behind it) adds up.
    bool_and(valeur = effectif) FILTER (WHERE NOT secret) AS comptage,
    sum(valeur) FILTER (WHERE NOT secret) AS somme_valeurs,
    -- Published values agree with numerator / denominator × factor (they may be rounded).
    bool_and(abs(valeur - numerateur / denominateur * facteur) <= 0.01 * abs(valeur) + 0.05) FILTER (WHERE NOT secret AND facteur IS NOT NULL) AS rapport_coherent
  FROM publiees
  GROUP BY ALL
)
SELECT indicateur, periode, dimension, modalite, unite, departements, departements_inclus, departements_masques,
  departements_masques IS NULL AS complet,
  effectif, numerateur, denominateur,
  CASE
    WHEN comptage THEN somme_valeurs
    WHEN sans_rapport = 0 AND facteur_min = facteur_max AND rapport_coherent AND denominateur > 0 THEN numerateur / denominateur * facteur_min
  END AS valeur,
  departements_inclus = 0 AS secret,
  CASE
    WHEN departements_inclus = 0 THEN 'Toutes les cases des départements sont sous secret statistique : pas de total.'
    WHEN departements_masques IS NOT NULL THEN 'Total sans ' || departements_masques || ' : la case de ce(s) département(s) est sous secret statistique ; elle n’est ni comptée ni déductible.'
  END AS precaution
FROM totaux
ORDER BY indicateur, periode, dimension, modalite
