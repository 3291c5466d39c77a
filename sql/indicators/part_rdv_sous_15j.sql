/* ---
titre: Part des demandes reçues en rendez-vous sous 15 jours
definition: Part des demandes reçues ayant eu leur premier rendez-vous dans les 15 jours, par mois de la demande, au total et par motif (hors niveau site) ; un mois ou une année n’est publié qu’une fois les 15 jours écoulés pour toutes ses demandes (cohorte complète).
unite: "%"
sens: hausse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
fenetre_jours: 15
secret_base: "demandes"
precautions: Les demandes closes ou orientées sans rendez-vous et celles encore en attente après 15 jours comptent comme non reçues sous 15 jours, si bien que le dénominateur est celui des demandes reçues. Le mois en cours et l’année en cours ne paraissent qu’une fois les 15 jours de leurs dernières demandes écoulés.
tests:
  - nom: reçue sous 15 jours, au-delà, en attente, close sans rendez-vous ; le mois et l’année d’une demande de moins de 15 jours écartés
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_demandes:
        - {demande_id: D1, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2024-11, annee_demande: '2024', motif: logement, date_demande: 2024-11-05, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 10}
        - {demande_id: D2, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2024-11, annee_demande: '2024', motif: budget, date_demande: 2024-11-10, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 20}
        - {demande_id: D3, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2024-11, annee_demande: '2024', motif: logement, date_demande: 2024-11-20, date_donnees: 2025-03-10, statut_delai: censure, delai_jours: null}
        - {demande_id: D5, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2024-11, annee_demande: '2024', motif: logement, date_demande: 2024-11-15, date_donnees: 2025-03-10, statut_delai: null, delai_jours: null}
        - {demande_id: D4, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2024-12, annee_demande: '2024', motif: logement, date_demande: 2024-12-01, date_donnees: 2025-03-10, statut_delai: evenement, delai_jours: 2}
        - {demande_id: D6, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-03, annee_demande: '2025', motif: logement, date_demande: 2025-03-01, date_donnees: 2025-03-10, statut_delai: censure, delai_jours: null}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2024-11, valeur: 25, numerateur: 1, denominateur: 4, effectif: 4}
      - {niveau: site, code: S1, periode: 2024-12, valeur: 100, numerateur: 1, denominateur: 1, effectif: 1}
      - {niveau: site, code: S1, periode: 2024, valeur: 40, numerateur: 2, denominateur: 5, effectif: 5}
      - {niveau: territoire, code: Nord, periode: 2024-11, valeur: 25, numerateur: 1, denominateur: 4, effectif: 4}
      - {niveau: territoire, code: Nord, periode: 2024-11, dimension: motif, modalite: logement, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Nord, periode: 2024-11, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2024-12, valeur: 100, numerateur: 1, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2024-12, dimension: motif, modalite: logement, valeur: 100, numerateur: 1, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2024, valeur: 40, numerateur: 2, denominateur: 5, effectif: 5}
      - {niveau: territoire, code: Nord, periode: 2024, dimension: motif, modalite: logement, valeur: 50, numerateur: 2, denominateur: 4, effectif: 4}
      - {niveau: territoire, code: Nord, periode: 2024, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-11, valeur: 25, numerateur: 1, denominateur: 4, effectif: 4}
      - {niveau: departement, code: '41', periode: 2024-11, dimension: motif, modalite: logement, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2024-11, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-12, valeur: 100, numerateur: 1, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-12, dimension: motif, modalite: logement, valeur: 100, numerateur: 1, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, valeur: 40, numerateur: 2, denominateur: 5, effectif: 5}
      - {niveau: departement, code: '41', periode: 2024, dimension: motif, modalite: logement, valeur: 50, numerateur: 2, denominateur: 4, effectif: 4}
      - {niveau: departement, code: '41', periode: 2024, dimension: motif, modalite: budget, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif,
    count(*) FILTER (WHERE statut_delai = 'evenement' AND delai_jours <= 15) AS sous_15j, count(*) AS demandes,
    bool_and(date_demande <= date_donnees - 15) AS echues
  FROM marts.fct_demandes
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.sous_15j, f.demandes,
    -- A period is published once the 15 days of all its requests are over: its denominator is then the
    -- requests received (the same count as demandes_recues), never that minus a few recent or closed ones.
    bool_and(f.echues) OVER (PARTITION BY p.periode) AS cohorte_complete
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
WHERE code IS NOT NULL AND cohorte_complete
GROUP BY niveau, code, periode, dimension, modalite
