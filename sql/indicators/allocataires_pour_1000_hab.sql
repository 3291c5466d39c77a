/* ---
titre: Foyers allocataires pour 1 000 habitants, par prestation
definition: Foyers allocataires de la CAF pour 1 000 habitants (population légale), par prestation (RSA, prime d’activité, AAH) et par mois, d’après les livraisons de la CAF ; la comparaison avec la France et les autres départements se fait sur les chiffres de la DREES, présentés à côté.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [caf_allocataires, territoires]
niveaux: [commune, territoire, departement]
precautions: La CAF arrondit ses comptes à 5 et masque les petites communes ; les totaux par territoire et département ne comptent que les communes non masquées. Les allocataires de la MSA ne sont pas comptés. Pas de total toutes prestations (un foyer peut en toucher plusieurs).
secret_base: "caf_foyers"
tests:
  - nom: trois communes, une masquée par la CAF, une prestation hors champ
    donnees:
      intermediate.int_communes:
        - {code_commune: '41001', nom: Aulnay, code_departement: '41', territoire: Nord, population: 1000}
        - {code_commune: '41002', nom: Blois, code_departement: '41', territoire: Nord, population: 3000}
        - {code_commune: '41003', nom: Chambord, code_departement: '41', territoire: Sud, population: 1000}
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      staging.stg_caf__allocataires:
        - {mois: 2025-01, code_commune: '41001', prestation: RSA, foyers: 10}
        - {mois: 2025-01, code_commune: '41002', prestation: RSA, foyers: 20}
        - {mois: 2025-01, code_commune: '41003', prestation: RSA, foyers: null}
        - {mois: 2025-01, code_commune: '41001', prestation: PPA, foyers: 5}
        - {mois: 2025-01, code_commune: '41001', prestation: AL, foyers: 50}
    attendu:
      - {niveau: commune, code: '41001', periode: 2025-01, dimension: prestation, modalite: RSA, valeur: 10, numerateur: 10, denominateur: 1000, effectif: 10}
      - {niveau: commune, code: '41002', periode: 2025-01, dimension: prestation, modalite: RSA, valeur: 6.666666666667, numerateur: 20, denominateur: 3000, effectif: 20}
      - {niveau: commune, code: '41003', periode: 2025-01, dimension: prestation, modalite: RSA, valeur: null, numerateur: null, denominateur: 1000, effectif: 0}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: prestation, modalite: RSA, valeur: 7.5, numerateur: 30, denominateur: 4000, effectif: 30}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: prestation, modalite: RSA, valeur: null, numerateur: null, denominateur: 1000, effectif: 0}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, dimension: prestation, modalite: RSA, valeur: 6, numerateur: 30, denominateur: 5000, effectif: 30}
      - {niveau: commune, code: '41001', periode: 2025-01, dimension: prestation, modalite: PPA, valeur: 5, numerateur: 5, denominateur: 1000, effectif: 5}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: prestation, modalite: PPA, valeur: 1.25, numerateur: 5, denominateur: 4000, effectif: 5}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: prestation, modalite: PPA, valeur: 1, numerateur: 5, denominateur: 5000, effectif: 5}
--- */
WITH caf AS (
  SELECT c.mois, c.code_commune, c.prestation, c.foyers, k.nom, k.territoire, k.code_departement
  FROM staging.stg_caf__allocataires AS c
  JOIN intermediate.int_communes AS k USING (code_commune)
  -- The benefits DOMAIN.md names for take-up; the others stay in the warehouse.
  WHERE c.prestation IN ('RSA', 'PPA', 'AAH')
),
population AS (
  SELECT n.niveau, n.code, sum(c.population) AS population
  FROM intermediate.int_communes AS c,
    unnest(niveaux(commune := c.code_commune, territoire := c.territoire, departement := c.code_departement)) AS n(n)
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, c.mois AS periode, c.prestation, c.foyers
  FROM caf AS c LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(commune := c.code_commune, commune_nom := c.nom, territoire := c.territoire, departement := c.code_departement, departement_nom := dep.nom)) AS n(n)
),
local AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, prestation, sum(foyers) AS foyers,
    -- A commune the CAF masked counts as a masked cell (no household count to publish).
    coalesce(sum(foyers), 0) AS effectif
  FROM cellules GROUP BY niveau, code, periode, prestation
)
SELECT l.niveau, l.code, l.libelle, l.periode, 'prestation' AS dimension, l.prestation AS modalite,
  1000 * l.foyers / p.population AS valeur, l.foyers AS numerateur, p.population AS denominateur, l.effectif
FROM local AS l JOIN population AS p USING (niveau, code)
