/* ---
titre: Foyers allocataires pour 1 000 habitants, par prestation (DREES)
definition: Foyers allocataires (RSA, prime d’activité, AAH) recensés par la DREES pour 1 000 habitants, par département et pour la France, dernier mois publié par la DREES ; la France rassemble les départements présents dans la série, rapportés à leur seule population.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [drees]
niveaux: [departement, france]
precautions: Série de la DREES, distincte des livraisons de la CAF (autre date, autre champ) ; les départements absents du mois sont nommés dans le libellé de la ligne France. Un mois que la DREES marque provisoire l’est aussi dans le libellé.
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
