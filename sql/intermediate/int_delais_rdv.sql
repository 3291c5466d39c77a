/* ---
description: Distribution des délais jusqu’au premier rendez-vous (nombre de demandes par nombre de jours), pour chaque case publiée (niveau, lieu, période, ventilation) ; les médianes et centiles s’en déduisent exactement sans retrier les demandes.
columns:
  delai_jours: Nombre de jours entre la demande et le premier rendez-vous.
  demandes: Nombre de demandes de la case avec ce délai.
--- */
-- Two stages: count the requests at the finest grain first (a few thousand rows per month), then
-- roll those counts up to every level and period, instead of repeating each request per cell.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif, delai_jours, count(*) AS demandes
  FROM marts.fct_demandes
  WHERE delai_jours IS NOT NULL
  GROUP BY ALL
)
SELECT n.niveau, n.code, any_value(n.libelle) AS libelle, p.periode, b.dimension, b.modalite, f.delai_jours, sum(f.demandes) AS demandes
FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
  unnest([
    {niveau: 'site', code: f.site_id, libelle: f.site_nom},
    {niveau: 'territoire', code: f.territoire, libelle: f.territoire},
    {niveau: 'departement', code: f.code_departement, libelle: dep.nom}
  ]) AS n(n),
  unnest([f.mois_demande, f.annee_demande]) AS p(periode),
  unnest([{dimension: '', modalite: ''}, {dimension: 'motif', modalite: f.motif}]) AS b(b)
WHERE n.code IS NOT NULL AND (b.dimension = '' OR n.niveau <> 'site')
GROUP BY n.niveau, n.code, p.periode, b.dimension, b.modalite, f.delai_jours
