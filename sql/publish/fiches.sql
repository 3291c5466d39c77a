/* ---
description: La fiche de chaque indicateur (celle du catalogue) avec ce que les pages montrent à côté de ses chiffres, lu dans les cases du département observé — la dernière année complète (tous ses mois publiés, ou un indicateur annuel), le dernier mois, la dernière date, chacun avec le précédent, la période du chiffre clé, la date des données — et le premier engagement du département sur son total.
columns:
  titre: Titre de l’indicateur, en français.
  definition: Définition en une phrase.
  theme: Thème (acces_droits, delais, moyens, proximite, activite, horaires, parole_citoyenne).
  sources: Formats d’échange dont il vient.
  niveaux: Niveaux géographiques publiés.
  precautions: Précautions de lecture.
  fenetre_jours: Pour une part jugée sur une fenêtre, sa durée en jours ; vide sinon.
  sens: Le sens d’évolution favorable aux personnes concernées (hausse ou baisse) ; vide quand une évolution n’est ni bonne ni mauvaise en soi.
  annee: Dernière année complète publiée pour le département (tous ses mois, ou un indicateur annuel) ; vide sinon.
  mois: Dernier mois publié pour le département ; vide pour un indicateur sans mois.
  jour: Dernière date publiée pour le département (situation à une date) ; vide sinon.
  date_donnees: Date des données la plus récente des cases du département (AAAA-MM-JJ, en texte).
  date_estimee: Vrai quand cette date est une fin de période qui tient lieu d’une date que personne n’a transmise.
  annee_prec: L’année publiée précédant « annee ».
  mois_prec: Le mois publié précédant « mois ».
  jour_prec: La date publiée précédant « jour ».
  periode: Période du chiffre clé (la dernière année complète, sinon le dernier mois, sinon la dernière date).
  periode_prec: La période publiée précédant « periode », du même pas.
  departement: Code du département observé.
  drees: Vrai pour une série de la DREES (publiée aussi pour la France).
  engagement: Identifiant du premier engagement du département sur le total de l’indicateur ; vide sans engagement.
  engagement_titre: L’engagement, tel que voté.
  engagement_sens: au_moins ou au_plus.
  engagement_cible: Valeur à atteindre.
  engagement_echeance: Échéance de l’engagement.
  engagement_statut: atteint, en bonne voie, en retard ou non mesurable.
  engagement_motif: Pourquoi non mesurable ou en retard, ou « première mesure ».
  engagement_periode: Période à laquelle le statut est jugé.
--- */
-- Read by the dashboard's pages beside each figure: computed here, from the published tables
-- (secrecy already applied), not in the Evidence source.
WITH departement AS (
  SELECT DISTINCT code_departement AS code FROM pub.communes
),
cellules AS (
  SELECT i.indicateur, i.periode, max(i.date_donnees) AS date_donnees, bool_or(i.date_donnees_estimee) AS date_estimee,
    CASE length(i.periode) WHEN 4 THEN 'annee' WHEN 7 THEN 'mois' ELSE 'jour' END AS pas
  FROM pub.indicateurs AS i JOIN departement AS d ON i.code = d.code
  WHERE i.niveau = 'departement'
  GROUP BY ALL
),
mois_par_annee AS (
  SELECT indicateur, left(periode, 4) AS annee, count(*) AS mois FROM cellules WHERE pas = 'mois' GROUP BY ALL
),
annees AS (
  SELECT c.indicateur, c.periode
  FROM cellules AS c LEFT JOIN mois_par_annee AS m ON m.indicateur = c.indicateur AND m.annee = c.periode
  WHERE c.pas = 'annee'
    AND (m.mois = 12 OR NOT EXISTS (SELECT 1 FROM mois_par_annee AS x WHERE x.indicateur = c.indicateur))
),
derniers AS (
  SELECT
    c.indicateur,
    (SELECT max(periode) FROM annees AS a WHERE a.indicateur = c.indicateur) AS annee,
    max(c.periode) FILTER (WHERE c.pas = 'mois') AS mois,
    max(c.periode) FILTER (WHERE c.pas = 'jour') AS jour,
    -- As text: Evidence turns a NULL date into 1970-01-01 in the pages.
    strftime(max(c.date_donnees), '%Y-%m-%d') AS date_donnees,
    -- The latest date is an end of period standing for a date nobody sent.
    arg_max(c.date_estimee, c.date_donnees) AS date_estimee
  FROM cellules AS c
  GROUP BY c.indicateur
),
reperes AS (
  SELECT d.*,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'annee' AND c.periode < d.annee) AS annee_prec,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'mois' AND c.periode < d.mois) AS mois_prec,
    (SELECT max(periode) FROM cellules AS c WHERE c.indicateur = d.indicateur AND c.pas = 'jour' AND c.periode < d.jour) AS jour_prec
  FROM derniers AS d
)
SELECT k.*, r.* EXCLUDE (indicateur),
  coalesce(r.annee, r.mois, r.jour) AS periode,
  CASE WHEN r.annee IS NOT NULL THEN r.annee_prec WHEN r.mois IS NOT NULL THEN r.mois_prec ELSE r.jour_prec END AS periode_prec,
  (SELECT min(code) FROM departement) AS departement,
  k.niveaux LIKE '%france%' AS drees,
  e.engagement, e.engagement_titre, e.engagement_sens, e.engagement_cible, e.engagement_echeance, e.engagement_statut,
  e.engagement_motif, e.engagement_periode
FROM pub.catalogue AS k LEFT JOIN reperes AS r USING (indicateur)
-- The département's first engagement on the indicator's total, shown beside its figures.
LEFT JOIN (
  SELECT DISTINCT ON (indicateur) indicateur, engagement, titre AS engagement_titre, sens AS engagement_sens, cible AS engagement_cible,
    echeance AS engagement_echeance, statut AS engagement_statut, motif AS engagement_motif, periode AS engagement_periode
  FROM pub.engagements WHERE niveau = 'departement' AND dimension = '' AND code = (SELECT min(code) FROM departement)
  ORDER BY indicateur, ordre
) AS e USING (indicateur)
ORDER BY k.theme, k.indicateur
