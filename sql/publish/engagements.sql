/* ---
description: "Les engagements du schéma (DIR/engagements.yaml) et où en est chaque lieu à la dernière période publiée de son indicateur : atteint, en bonne voie (sur ou au-delà de la trajectoire droite de la référence à la cible à l’échéance), en retard, non mesurable."
columns:
  engagement: Identifiant de l’engagement.
  titre: L’engagement, tel que l’assemblée l’a voté.
  fiche_numero: Numéro de la fiche action du schéma.
  fiche_titre: Titre de la fiche action.
  indicateur: L’indicateur qui le mesure.
  service: Service chargé de l’engagement.
  sens: "au_moins : la cible est un minimum ; au_plus : un maximum."
  cible: Valeur à atteindre.
  echeance: Échéance (fin de la période indiquée).
  periode: Dernière période publiée de l’indicateur, à laquelle le statut est jugé.
  reference_periode: Point de départ de la trajectoire (donné, ou première période publiée du lieu).
  reference_valeur: Valeur de l’indicateur au point de départ.
  trajectoire: Valeur attendue à la période jugée sur la droite qui va de la référence à la cible à l’échéance.
  ecart_trajectoire: Valeur moins trajectoire (positive = au-dessus de la droite).
  statut: atteint, en bonne voie, en retard ou non mesurable.
  motif: "Pourquoi non mesurable (secret statistique, pas de donnée, délai non atteint), pourquoi en retard (échéance passée), ou « première mesure » quand la trajectoire part de la seule valeur publiée."
  ordre: Rang de l’engagement dans le fichier.
--- */
-- Computed here, once, from the published indicators (secrecy already applied: a masked cell is
-- never used, not even as a baseline), so a frozen edition keeps the statuses of its day.
WITH engagement AS (
  SELECT e.*, n.niveau AS lieu_niveau, n.code AS lieu_code
  FROM ref.engagements AS e JOIN ref.engagements_niveaux AS n USING (engagement)
),
-- Every published cell of each engagement's indicator, place and breakdown, with its period's length (4, 7 or 10).
serie AS (
  SELECT e.engagement, e.lieu_niveau, e.lieu_code, e.pas, i.niveau, i.code, i.libelle, i.periode, i.valeur, i.secret,
    length(i.periode) AS longueur,
    CASE length(i.periode)
      WHEN 4 THEN make_date(i.periode::INTEGER, 12, 31)
      WHEN 7 THEN last_day(strptime(i.periode || '-01', '%Y-%m-%d')::DATE)
      ELSE i.periode::DATE
    END AS fin
  FROM engagement AS e
  JOIN pub.indicateurs AS i
    ON i.indicateur = e.indicateur AND i.dimension = e.dimension AND i.modalite = e.modalite
   AND i.niveau = e.lieu_niveau
   -- At the département level, the observed one only (the others are DREES comparisons).
   AND i.code = coalesce(e.lieu_code, CASE WHEN e.lieu_niveau = 'departement' THEN (SELECT code_departement FROM intermediate.int_departement) END, i.code)
),
-- The step followed: the one set, else months when the indicator has them, else the longest.
pas AS (
  SELECT engagement, CASE any_value(pas) WHEN 'annee' THEN 4 WHEN 'mois' THEN 7 WHEN 'date' THEN 10
    ELSE CASE WHEN bool_or(longueur = 7) THEN 7 ELSE max(longueur) END END AS longueur
  FROM serie GROUP BY engagement
),
suivie AS (SELECT s.* FROM serie AS s JOIN pas USING (engagement, longueur)),
-- The latest period of the indicator, the same for every place of an engagement.
derniere AS (SELECT engagement, max(fin) AS fin, arg_max(periode, fin) AS periode FROM suivie GROUP BY engagement),
-- Every place: those the indicator publishes, and the named ones even when it publishes nothing there.
lieu AS (
  SELECT DISTINCT engagement, niveau, code, first(libelle ORDER BY fin DESC) OVER (PARTITION BY engagement, niveau, code) AS libelle FROM suivie
  UNION
  SELECT engagement, lieu_niveau, lieu_code, NULL FROM engagement AS e
  WHERE NOT EXISTS (SELECT 1 FROM suivie AS s WHERE s.engagement = e.engagement AND s.niveau = e.lieu_niveau AND s.code = coalesce(e.lieu_code, s.code))
),
-- The first published (unmasked) value of each place, when the file gives no baseline.
premiere AS (
  SELECT engagement, niveau, code, arg_min(periode, fin) AS periode, arg_min(valeur, fin) AS valeur, min(fin) AS fin
  FROM suivie WHERE valeur IS NOT NULL GROUP BY ALL
),
etat AS (
  SELECT e.engagement, e.titre, e.fiche_numero, e.fiche_titre, e.indicateur, e.dimension, e.modalite, e.service, e.sens, e.cible,
    e.echeance, e.echeance_fin, e.ordre, l.niveau, l.code,
    coalesce(l.libelle, l.code, CASE l.niveau WHEN 'departement' THEN 'Département' WHEN 'territoire' THEN 'Tous les territoires' WHEN 'site' THEN 'Tous les lieux' ELSE 'Toutes les communes' END) AS libelle, d.periode, d.fin,
    s.valeur, s.secret,
    coalesce(e.reference_periode, p.periode) AS reference_periode,
    CASE WHEN e.reference_periode IS NOT NULL THEN e.reference_valeur ELSE p.valeur END AS reference_valeur,
    CASE WHEN e.reference_periode IS NOT NULL THEN e.reference_fin ELSE p.fin END AS reference_fin
  FROM (SELECT DISTINCT ON (engagement) * FROM engagement) AS e
  JOIN lieu AS l USING (engagement)
  LEFT JOIN derniere AS d USING (engagement)
  LEFT JOIN suivie AS s ON s.engagement = l.engagement AND s.niveau = l.niveau AND s.code = l.code AND s.periode = d.periode
  LEFT JOIN premiere AS p ON p.engagement = l.engagement AND p.niveau = l.niveau AND p.code = l.code
),
trajectoire AS (
  SELECT *,
    CASE
      WHEN reference_fin IS NULL OR fin IS NULL THEN NULL
      WHEN fin <= reference_fin THEN reference_valeur
      WHEN fin >= echeance_fin THEN cible
      ELSE reference_valeur + (cible - reference_valeur) * date_diff('day', reference_fin, fin) / date_diff('day', reference_fin, echeance_fin)
    END AS trajectoire,
    CASE WHEN sens = 'au_moins' THEN valeur >= cible ELSE valeur <= cible END AS cible_atteinte
  FROM etat
)
SELECT
  engagement, titre, fiche_numero, fiche_titre, indicateur, dimension, modalite, service, sens, cible, echeance,
  niveau, code, libelle, periode, valeur, reference_periode, reference_valeur,
  round(trajectoire, 6) AS trajectoire,
  round(valeur - trajectoire, 6) AS ecart_trajectoire,
  CASE
    WHEN valeur IS NULL THEN 'non mesurable'
    WHEN cible_atteinte THEN 'atteint'
    WHEN fin >= echeance_fin THEN 'en retard'
    WHEN trajectoire IS NULL THEN 'non mesurable'
    -- On the line counts as on track; the tolerance absorbs the rounding of published values.
    WHEN (sens = 'au_moins' AND valeur >= trajectoire - 1e-9) OR (sens = 'au_plus' AND valeur <= trajectoire + 1e-9) THEN 'en bonne voie'
    ELSE 'en retard'
  END AS statut,
  CASE
    WHEN valeur IS NULL AND secret THEN 'secret statistique'
    WHEN valeur IS NULL AND periode IS NULL THEN 'indicateur non publié'
    WHEN valeur IS NULL AND secret IS NULL THEN 'pas de donnée à la dernière période'
    -- A cell published without a value: a waiting-time quantile not reached yet (too many still waiting).
    WHEN valeur IS NULL THEN 'pas de valeur publiée (délai non atteint)'
    WHEN cible_atteinte THEN NULL
    WHEN fin >= echeance_fin THEN 'échéance passée'
    WHEN trajectoire IS NULL THEN 'pas de valeur de référence'
    -- On track by definition when the line starts at the only value: say so rather than promise a trend.
    WHEN periode = reference_periode THEN 'première mesure : pas encore d’évolution'
  END AS motif,
  ordre
FROM trajectoire
ORDER BY ordre, CASE niveau WHEN 'departement' THEN 0 WHEN 'territoire' THEN 1 WHEN 'site' THEN 2 ELSE 3 END, libelle, code
