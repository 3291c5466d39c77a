/* ---
titre: Part des demandes reçues en rendez-vous sous 15 jours
definition: Part des demandes ayant eu leur premier rendez-vous dans les 15 jours, parmi les demandes dont les 15 jours sont écoulés à la date des données de leur livraison (cohorte complète), par mois de la demande, au total et par motif (hors niveau site).
unite: "%"
sens: hausse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
fenetre_jours: 15
precautions: Les demandes en attente comptent au dénominateur (elles n’ont pas eu de rendez-vous sous 15 jours) ; les demandes closes ou orientées sans rendez-vous sont écartées, comme pour les délais. Les demandes de moins de 15 jours ne comptent pas encore, si bien que le dernier mois porte sur ses premiers jours seulement.
tests:
  - nom: reçue sous 15 jours, au-delà, en attente ; trop récente et close écartées
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_demandes:
        - {demande_id: D1, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: logement, date_demande: 2025-01-05, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 10}
        - {demande_id: D2, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: budget, date_demande: 2025-01-10, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 20}
        - {demande_id: D3, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: logement, date_demande: 2025-01-20, date_donnees: 2025-03-10, statut_delai: censure, delai_jours: null}
        - {demande_id: D4, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-03, annee_demande: '2025', motif: logement, date_demande: 2025-03-01, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 2}
        - {demande_id: D5, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: logement, date_demande: 2025-01-15, date_donnees: 2025-03-10, statut_delai: null, delai_jours: null}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-01, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: site, code: S1, periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: motif, modalite: logement, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: logement, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-01, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: motif, modalite: logement, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: motif, modalite: logement, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif,
    count(*) FILTER (WHERE statut_delai = 'evenement' AND delai_jours <= 15) AS sous_15j, count(*) AS demandes
  FROM marts.fct_demandes
  WHERE date_demande <= date_donnees - 15 AND statut_delai IS NOT NULL
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.sous_15j, f.demandes
  FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(site := f.site_id, site_nom := f.site_nom, territoire := f.territoire, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode),
    unnest(ventilations(['motif'], [f.motif])) AS b(b)
  WHERE b.dimension = '' OR n.niveau <> 'site'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  100.0 * sum(sous_15j) / sum(demandes) AS valeur,
  sum(sous_15j) AS numerateur, sum(demandes) AS denominateur, sum(demandes) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
