/* ---
description: "Le classement des départements pour chaque indicateur aux mêmes définitions, tel que le montre le tableau de bord de la fédération : la case de l’ensemble de chaque département (sans ventilation), à une même période pour tous (la dernière année complète pour tous, sinon le dernier mois, sinon la dernière date, publiée par le plus grand nombre d’entre eux). Les séries nationales que chaque paquet publie pour tous les départements (DREES) n’y sont pas : chaque tableau de bord départemental les compare déjà."
columns:
  indicateur: Identifiant de l’indicateur.
  periode: Période comparée, la même pour tous les départements.
  departement: Code du département.
  nom: Nom du département.
  valeur: Valeur publiée par le département ; vide quand sa case est masquée.
  secret: Vrai quand le département a masqué la case (secret statistique).
  unite: Unité de la valeur.
  rang: Rang du département (1 = la plus forte valeur) parmi ceux qui publient la valeur ; vide pour une case masquée.
  departements_classes: Nombre de départements classés.
  date_donnees: Date des données derrière la case.
  date_donnees_departement: Date des chiffres du paquet du département.
--- */
WITH cases AS (
  SELECT * FROM fed.indicateurs_departements
  WHERE dimension = '' AND indicateur IN (SELECT indicateur FROM fed.catalogue WHERE memes_definitions)
    -- A national series: a package publishes it for départements other than its own.
    AND indicateur NOT IN (SELECT DISTINCT indicateur FROM cellules WHERE niveau = 'departement' AND code <> departement)
),
-- A year is complete for a département when its twelve months are published, or when it has no months.
mois AS (
  SELECT indicateur, departement, left(periode, 4) AS annee, count(DISTINCT periode) AS n
  FROM cases WHERE length(periode) = 7 GROUP BY ALL
),
avec_mois AS (
  SELECT DISTINCT indicateur, departement FROM mois
),
periodes AS (
  SELECT c.indicateur, c.periode, count(DISTINCT c.departement) AS departements,
    CASE length(c.periode)
      WHEN 4 THEN CASE WHEN bool_and(coalesce(m.n, 0) = 12 OR a.departement IS NULL) THEN 0 ELSE 3 END
      WHEN 7 THEN 1
      ELSE 2
    END AS preference
  FROM cases AS c
  LEFT JOIN mois AS m ON m.indicateur = c.indicateur AND m.departement = c.departement AND m.annee = c.periode
  LEFT JOIN avec_mois AS a ON a.indicateur = c.indicateur AND a.departement = c.departement
  GROUP BY c.indicateur, c.periode
),
choisies AS (
  SELECT indicateur, first(periode ORDER BY departements DESC, preference, periode DESC) AS periode
  FROM periodes GROUP BY indicateur
)
SELECT c.indicateur, c.periode, c.departement, c.nom, c.valeur, c.secret, c.unite,
  c.rang, c.departements_classes, c.date_donnees, c.date_donnees_departement
FROM cases AS c JOIN choisies USING (indicateur, periode)
ORDER BY c.indicateur, c.rang NULLS LAST, c.departement
