/* ---
titre: Équivalents temps plein pour 10 000 habitants
definition: Équivalents temps plein des services sociaux du département pour 10 000 habitants (population légale), par mois, au total et par métier, d’après les effectifs livrés ; la comparaison avec la France et les autres départements se fait sur les chiffres de la DREES, présentés à côté.
unite: ETP pour 10 000 hab.
sens: hausse
theme: moyens
sources: [effectifs, sites, territoires]
niveaux: [territoire, departement]
precautions: Les effectifs livrés couvrent les sites d’accueil, pas tous les personnels de l’action sociale (la série de la DREES, elle, les couvre tous).
tests:
  - nom: deux territoires, deux métiers, rapportés à la population
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_departement:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', code_departement: '41', territoire: Nord, population: 4000}
        - {code_commune: '41002', code_departement: '41', territoire: Sud, population: 1000}
      marts.fct_effectifs:
        - {mois: 2025-01, site_id: S1, territoire: Nord, code_departement: '41', metier: assistant_social, etp: 2}
        - {mois: 2025-01, site_id: S1, territoire: Nord, code_departement: '41', metier: accueil, etp: 0.5}
        - {mois: 2025-01, site_id: S2, territoire: Sud, code_departement: '41', metier: assistant_social, etp: 1}
    attendu:
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 6.25, numerateur: 2.5, denominateur: 4000, effectif: null}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: metier, modalite: assistant_social, valeur: 5, numerateur: 2, denominateur: 4000}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: metier, modalite: accueil, valeur: 1.25, numerateur: 0.5, denominateur: 4000}
      - {niveau: territoire, code: Sud, periode: 2025-01, valeur: 10, numerateur: 1, denominateur: 1000}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: metier, modalite: assistant_social, valeur: 10, numerateur: 1, denominateur: 1000}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 7, numerateur: 3.5, denominateur: 5000, effectif: null}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: metier, modalite: assistant_social, valeur: 6, numerateur: 3, denominateur: 5000}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: metier, modalite: accueil, valeur: 1, numerateur: 0.5, denominateur: 5000}
--- */
WITH population AS (
  SELECT territoire, sum(population) AS population FROM intermediate.int_communes GROUP BY territoire
),
local AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    b.dimension, b.modalite,
    e.etp
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := e.territoire, departement := e.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['metier'], [e.metier])) AS b(b)
),
local_cellules AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(etp) AS etp
  FROM local WHERE code IS NOT NULL GROUP BY niveau, code, periode, dimension, modalite
)
SELECT c.niveau, c.code, c.libelle, c.periode, c.dimension, c.modalite,
  10000 * c.etp / p.population AS valeur, c.etp AS numerateur, p.population AS denominateur, NULL AS effectif
FROM local_cellules AS c
JOIN (SELECT 'territoire' AS niveau, territoire AS code, population FROM population
      UNION ALL SELECT 'departement', (SELECT code_departement FROM intermediate.int_departement), sum(population) FROM population) AS p
  USING (niveau, code)
