/* ---
titre: Foyers allocataires pour 1 000 habitants, par prestation
definition: Foyers allocataires de la CAF pour 1 000 habitants (population légale), par prestation (RSA, prime d’activité, AAH) et par mois, d’après les livraisons de la CAF ; la comparaison avec la France et les autres départements se fait sur les chiffres de la DREES, présentés à côté.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [caf_allocataires, territoires]
niveaux: [commune, territoire, departement]
precautions: La CAF arrondit ses comptes à 5 et masque les petites communes ; les totaux par territoire et département ne comptent que les communes non masquées. Les allocataires de la MSA ne sont pas comptés. Pas de total toutes prestations (un foyer peut en toucher plusieurs).
secret_base: "caf_foyers"
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
    unnest([
      {niveau: 'commune', code: c.code_commune},
      {niveau: 'territoire', code: c.territoire},
      {niveau: 'departement', code: c.code_departement}
    ]) AS n(n)
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, c.mois AS periode, c.prestation, c.foyers
  FROM caf AS c LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest([
      {niveau: 'commune', code: c.code_commune, libelle: c.nom},
      {niveau: 'territoire', code: c.territoire, libelle: c.territoire},
      {niveau: 'departement', code: c.code_departement, libelle: dep.nom}
    ]) AS n(n)
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
