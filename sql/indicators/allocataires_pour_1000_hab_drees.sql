/* ---
titre: Foyers allocataires pour 1 000 habitants, par prestation (DREES)
definition: Foyers allocataires (RSA, prime d’activité, AAH) recensés par la DREES pour 1 000 habitants, par département et pour la France, dernier mois publié par la DREES ; la France rassemble les départements présents dans la série, rapportés à leur seule population.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [drees]
niveaux: [departement, france]
precautions: Série de la DREES, distincte des livraisons de la CAF (autre date, autre champ) ; les départements absents du mois sont nommés dans le libellé de la ligne France. Un mois que la DREES marque provisoire l’est aussi dans le libellé.
tests:
  - nom: dernier mois, un département absent pour le RSA, un mois provisoire
    donnees:
      intermediate.int_drees_departements:
        - {serie: prestations, code: '41', libelle: Loir-et-Cher, population: 300000}
        - {serie: prestations, code: '37', libelle: Indre-et-Loire, population: 600000}
        - {serie: prestations, code: '18', libelle: Cher, population: 300000}
        - {serie: personnel, code: '20', libelle: Corse, population: 350000}
      ref.drees_prestations:
        - {prestation: RSA, code: '41', mois: 2025-01, allocataires: 2000, provisoire: false}
        - {prestation: RSA, code: '41', mois: 2025-02, allocataires: 3000, provisoire: false}
        - {prestation: RSA, code: '37', mois: 2025-02, allocataires: 9000, provisoire: true}
        - {prestation: AAH, code: '41', mois: 2025-02, allocataires: 600, provisoire: false}
        - {prestation: AAH, code: '37', mois: 2025-02, allocataires: 1200, provisoire: false}
        - {prestation: AAH, code: '18', mois: 2025-02, allocataires: 300, provisoire: false}
        - {prestation: AL, code: '18', mois: 2025-02, allocataires: 900, provisoire: false}
    attendu:
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-02, dimension: prestation, modalite: RSA, valeur: 10, numerateur: 3000, denominateur: 300000, effectif: 3000}
      - {niveau: departement, code: '37', libelle: Indre-et-Loire (provisoire), periode: 2025-02, dimension: prestation, modalite: RSA, valeur: 15, numerateur: 9000, denominateur: 600000, effectif: 9000}
      - {niveau: france, code: FR, libelle: France (hors Cher) (provisoire), periode: 2025-02, dimension: prestation, modalite: RSA, valeur: 13.333333333333, numerateur: 12000, denominateur: 900000, effectif: 12000}
      - {niveau: departement, code: '41', periode: 2025-02, dimension: prestation, modalite: AAH, valeur: 2, numerateur: 600, denominateur: 300000, effectif: 600}
      - {niveau: departement, code: '37', periode: 2025-02, dimension: prestation, modalite: AAH, valeur: 2, numerateur: 1200, denominateur: 600000, effectif: 1200}
      - {niveau: departement, code: '18', libelle: Cher, periode: 2025-02, dimension: prestation, modalite: AAH, valeur: 1, numerateur: 300, denominateur: 300000, effectif: 300}
      - {niveau: france, code: FR, libelle: France, periode: 2025-02, dimension: prestation, modalite: AAH, valeur: 1.75, numerateur: 2100, denominateur: 1200000, effectif: 2100}
--- */
WITH mois AS (SELECT max(mois) AS mois FROM ref.drees_prestations),
drees AS (
  SELECT p.prestation, p.code, g.libelle, p.mois, p.allocataires, p.provisoire, g.population
  FROM ref.drees_prestations AS p
  JOIN intermediate.int_drees_departements AS g ON g.serie = 'prestations' AND g.code = p.code
  WHERE p.mois = (SELECT mois FROM mois) AND p.prestation IN ('RSA', 'PPA', 'AAH')
),
-- The départements of the series with no figure for the month, per benefit.
absents AS (
  SELECT b.prestation, string_agg(g.libelle, ', ' ORDER BY g.code) AS liste
  FROM (SELECT DISTINCT prestation FROM drees) AS b CROSS JOIN intermediate.int_drees_departements AS g
  WHERE g.serie = 'prestations' AND NOT EXISTS (SELECT 1 FROM drees AS d WHERE d.prestation = b.prestation AND d.code = g.code)
  GROUP BY b.prestation
)
SELECT 'departement' AS niveau, code, libelle || CASE WHEN provisoire THEN ' (provisoire)' ELSE '' END AS libelle, mois AS periode,
  'prestation' AS dimension, prestation AS modalite,
  1000 * allocataires / population AS valeur, allocataires AS numerateur, population AS denominateur, allocataires AS effectif
FROM drees
UNION ALL
SELECT 'france', 'FR',
  'France' || coalesce(' (hors ' || any_value(a.liste) || ')', '') || CASE WHEN bool_or(d.provisoire) THEN ' (provisoire)' ELSE '' END,
  d.mois, 'prestation', d.prestation,
  1000 * sum(d.allocataires) / sum(d.population), sum(d.allocataires), sum(d.population), sum(d.allocataires)
FROM drees AS d LEFT JOIN absents AS a USING (prestation)
GROUP BY d.mois, d.prestation
