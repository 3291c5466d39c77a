/* ---
titre: Délai médian avant le premier rendez-vous
definition: Nombre médian de jours entre la demande et le premier rendez-vous, parmi les demandes qui ont obtenu un rendez-vous, par mois de la demande.
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes encore en attente ne sont pas comptées ici ; elles le sont dans « demandes en attente ».
--- */
WITH vues AS (
  SELECT * FROM marts.fct_demandes WHERE NOT en_attente
),
par_niveau AS (
  SELECT 'site' AS niveau, site_id AS code, site_nom AS libelle, mois_demande, delai_jours FROM vues
  UNION ALL
  SELECT 'territoire', territoire, territoire, mois_demande, delai_jours FROM vues
  UNION ALL
  SELECT 'departement', code_departement, 'Département', mois_demande, delai_jours FROM vues
),
par_periode AS (
  SELECT niveau, code, libelle, mois_demande AS periode, delai_jours FROM par_niveau
  UNION ALL
  SELECT niveau, code, libelle, 'ensemble', delai_jours FROM par_niveau
)
SELECT
  niveau,
  code,
  any_value(libelle) AS libelle,
  periode,
  -- quantile_cont keeps the input type: on integers it would round the median.
  quantile_cont(delai_jours::DOUBLE, 0.5) AS valeur,
  count(*) AS effectif
FROM par_periode
GROUP BY niveau, code, periode
