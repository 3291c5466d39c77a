/* ---
titre: Mesures de protection de l’enfance pour 1 000 habitants
definition: Mesures de protection de l’enfance en cours au dernier jour du mois (accueil familial, accueil en établissement, aide éducative à domicile, action éducative en milieu ouvert, accompagnement des jeunes majeurs, autres), pour 1 000 habitants (population légale totale), par mois, au total et par type de mesure ; la suite des mois montre leur évolution.
unite: mesures pour 1 000 hab.
theme: enfance_famille
sources: [ase_mesures, territoires]
niveaux: [territoire, departement]
precautions: Le dénominateur est la population totale, faute de population de 0 à 20 ans dans le référentiel ; les moins de 21 ans en sont environ le quart. Un enfant peut faire l’objet de deux mesures (un placement et une action éducative) et compte alors deux fois. Un territoire absent du référentiel des territoires ne compte pas.
checks:
  expect_no_rows:
    - name: territoires des mesures de protection de l’enfance
      sql: SELECT DISTINCT territoire FROM staging.stg_ase__mesures WHERE territoire NOT IN (SELECT territoire FROM intermediate.int_communes) LIMIT 5
      message: des mesures de protection de l’enfance sont livrées pour un territoire absent du référentiel des territoires (elles ne sont comptées nulle part)
      severity: avertissement
tests:
  - nom: deux territoires, deux types, un territoire inconnu écarté
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', nom: A, code_departement: '41', territoire: Nord, population: 1000}
        - {code_commune: '41002', nom: B, code_departement: '41', territoire: Nord, population: 3000}
        - {code_commune: '41003', nom: C, code_departement: '41', territoire: Sud, population: 1000}
      staging.stg_ase__mesures:
        - {mois: 2025-03, territoire: Nord, type_mesure: accueil_familial, mesures: 12}
        - {mois: 2025-03, territoire: Nord, type_mesure: aemo, mesures: 8}
        - {mois: 2025-03, territoire: Sud, type_mesure: aemo, mesures: 5}
        - {mois: 2025-03, territoire: Ailleurs, type_mesure: aemo, mesures: 50}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-03, valeur: 5, numerateur: 20, denominateur: 4000, effectif: 20}
      - {niveau: territoire, code: Nord, periode: 2025-03, dimension: type_mesure, modalite: accueil_familial, valeur: 3, numerateur: 12, denominateur: 4000, effectif: 12}
      - {niveau: territoire, code: Nord, periode: 2025-03, dimension: type_mesure, modalite: aemo, valeur: 2, numerateur: 8, denominateur: 4000, effectif: 8}
      - {niveau: territoire, code: Sud, libelle: Sud, periode: 2025-03, valeur: 5, numerateur: 5, denominateur: 1000, effectif: 5}
      - {niveau: territoire, code: Sud, periode: 2025-03, dimension: type_mesure, modalite: aemo, valeur: 5, numerateur: 5, denominateur: 1000, effectif: 5}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-03, valeur: 5, numerateur: 25, denominateur: 5000, effectif: 25}
      - {niveau: departement, code: '41', periode: 2025-03, dimension: type_mesure, modalite: accueil_familial, valeur: 2.4, numerateur: 12, denominateur: 5000, effectif: 12}
      - {niveau: departement, code: '41', periode: 2025-03, dimension: type_mesure, modalite: aemo, valeur: 2.6, numerateur: 13, denominateur: 5000, effectif: 13}
--- */
WITH territoires AS (
  SELECT territoire, any_value(code_departement) AS code_departement FROM intermediate.int_communes GROUP BY territoire
),
population AS (
  SELECT n.niveau, n.code, sum(c.population) AS population
  FROM intermediate.int_communes AS c,
    unnest(niveaux(territoire := c.territoire, departement := c.code_departement)) AS n(n)
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, m.mois AS periode, b.dimension, b.modalite, m.mesures
  FROM staging.stg_ase__mesures AS m
  JOIN territoires AS t USING (territoire)
  LEFT JOIN ref.departements AS dep ON dep.code_departement = t.code_departement,
    unnest(niveaux(territoire := m.territoire, departement := t.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_mesure'], [m.type_mesure])) AS b(b)
),
local AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(mesures) AS mesures
  FROM cellules WHERE code IS NOT NULL
  GROUP BY niveau, code, periode, dimension, modalite
)
SELECT l.niveau, l.code, l.libelle, l.periode, l.dimension, l.modalite,
  1000.0 * l.mesures / p.population AS valeur, l.mesures AS numerateur, p.population AS denominateur, l.mesures AS effectif
FROM local AS l JOIN population AS p USING (niveau, code)
