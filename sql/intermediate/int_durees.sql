/* ---
# A view: int_kaplan_meier alone reads it, once; a table of millions of cells would be written for that one read.
materialized: view
description: Durées jusqu’à un événement (premier rendez-vous, orientation RSA, décision CCAS, instruction de l’APA, décision de la MDPH, évaluation d’une information préoccupante, décision du FSL), comptées par case publiée (série, niveau, lieu, période, ventilation) et par nombre de jours, en séparant les événements observés à la date des données et les attentes en cours (censurées) ; int_kaplan_meier en tire les quantiles.
columns:
  serie: premier_rdv (demande → premier rendez-vous), orientation_rsa (premier versement → orientation), premier_rdv_rsa (premier versement → premier rendez-vous), decision_ccas (demande d’aide → décision), instruction_apa (dossier d’APA complet → décision), decision_mdph (dépôt à la MDPH → décision), evaluation_ip (information préoccupante reçue → fin de l’évaluation), decision_fsl (demande au FSL → décision).
  annee: Année des lignes source de la case, celle du mois de leur livraison (une livraison ne change que les cases de ses années) ; vide pour l’instruction de l’APA, comptée au mois où le dossier est complet, qui n’est pas celui du dépôt (le mois de la livraison).
  duree_jours: Nombre de jours observés, jusqu’à l’événement, ou jusqu’à la date des données pour une attente en cours.
  evenements: Nombre d’individus de la case dont l’événement a eu lieu après ce nombre de jours.
  censures: Nombre d’individus de la case encore en attente à la date des données, après ce nombre de jours.
--- */
-- Each series is counted at its finest grain first, then rolled up to every published cell; the
-- individuals left out (closed without the event) have no status and are not here.
WITH rdv AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif, duree_jours,
    count(*) FILTER (WHERE statut_delai = 'evenement') AS evenements, count(*) FILTER (WHERE statut_delai = 'censure') AS censures
  FROM marts.fct_demandes
  WHERE statut_delai IS NOT NULL
  GROUP BY ALL
),
rsa AS (
  SELECT 'orientation_rsa' AS serie, territoire, code_departement, mois_entree, annee_entree, duree_orientation_jours AS duree_jours,
    count(*) FILTER (WHERE statut_orientation = 'evenement') AS evenements, count(*) FILTER (WHERE statut_orientation = 'censure') AS censures
  FROM marts.fct_rsa_entrees
  WHERE statut_orientation IS NOT NULL
  GROUP BY ALL
  UNION ALL
  SELECT 'premier_rdv_rsa', territoire, code_departement, mois_entree, annee_entree, duree_premier_rdv_jours,
    count(*) FILTER (WHERE statut_premier_rdv = 'evenement'), count(*) FILTER (WHERE statut_premier_rdv = 'censure')
  FROM marts.fct_rsa_entrees
  WHERE statut_premier_rdv IS NOT NULL
  GROUP BY ALL
),
ccas AS (
  SELECT ccas_commune, ccas_commune_nom, code_departement, annee_demande, type_aide, duree_decision_jours AS duree_jours,
    count(*) FILTER (WHERE statut_decision = 'evenement') AS evenements, count(*) FILTER (WHERE statut_decision = 'censure') AS censures
  FROM marts.fct_ccas_aides
  WHERE statut_decision IS NOT NULL
  GROUP BY ALL
),
-- The schéma's other fields: one grain each, by territory of residence.
domaines AS (
  SELECT 'instruction_apa' AS serie, NULL AS annee_source, territoire, code_departement, mois_dossier_complet AS mois, annee_dossier_complet AS annee,
    'lieu' AS dimension, lieu AS modalite, duree_instruction_jours AS duree_jours,
    count(*) FILTER (WHERE statut_instruction = 'evenement') AS evenements, count(*) FILTER (WHERE statut_instruction = 'censure') AS censures
  FROM marts.fct_apa_demandes
  WHERE statut_instruction IS NOT NULL
  GROUP BY ALL
  UNION ALL
  SELECT 'decision_mdph', annee_depot, territoire, code_departement, mois_depot, annee_depot, 'prestation', prestation, duree_decision_jours,
    count(*) FILTER (WHERE statut_decision = 'evenement'), count(*) FILTER (WHERE statut_decision = 'censure')
  FROM marts.fct_mdph_demandes
  WHERE statut_decision IS NOT NULL
  GROUP BY ALL
  UNION ALL
  SELECT 'evaluation_ip', annee_reception, territoire, code_departement, mois_reception, annee_reception, NULL, NULL, duree_evaluation_jours,
    count(*) FILTER (WHERE statut_evaluation = 'evenement'), count(*) FILTER (WHERE statut_evaluation = 'censure')
  FROM marts.fct_ase_informations_preoccupantes
  WHERE statut_evaluation IS NOT NULL
  GROUP BY ALL
  UNION ALL
  SELECT 'decision_fsl', annee_demande, territoire, code_departement, NULL, annee_demande, 'type_aide', type_aide, duree_decision_jours,
    count(*) FILTER (WHERE statut_decision = 'evenement'), count(*) FILTER (WHERE statut_decision = 'censure')
  FROM marts.fct_fsl_aides
  WHERE statut_decision IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT 'premier_rdv' AS serie, f.annee_demande AS annee, n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.duree_jours, f.evenements, f.censures
  FROM rdv AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(site := f.site_id, site_nom := f.site_nom, territoire := f.territoire, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode),
    unnest(ventilations(['motif'], [f.motif])) AS b(b)
  WHERE b.dimension = '' OR n.niveau <> 'site'
  UNION ALL
  SELECT f.serie, f.annee_entree, n.niveau, n.code, n.libelle, p.periode, '', '', f.duree_jours, f.evenements, f.censures
  FROM rsa AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := f.territoire, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([f.mois_entree, f.annee_entree]) AS p(periode)
  UNION ALL
  SELECT 'decision_ccas', f.annee_demande, n.niveau, n.code, n.libelle, f.annee_demande, b.dimension, b.modalite, f.duree_jours, f.evenements, f.censures
  FROM ccas AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(commune := f.ccas_commune, commune_nom := f.ccas_commune_nom, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_aide'], [f.type_aide])) AS b(b)
  UNION ALL
  SELECT f.serie, f.annee_source, n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.duree_jours, f.evenements, f.censures
  FROM domaines AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := f.territoire, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(list_filter([f.mois, f.annee], x -> x IS NOT NULL)) AS p(periode),
    unnest(CASE WHEN f.dimension IS NULL THEN ventilations([], []) ELSE ventilations([f.dimension], [f.modalite]) END) AS b(b)
)
SELECT serie, annee, niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, duree_jours,
  sum(evenements) AS evenements, sum(censures) AS censures
FROM cellules
WHERE code IS NOT NULL
GROUP BY serie, annee, niveau, code, periode, dimension, modalite, duree_jours
