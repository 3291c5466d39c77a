/* ---
titre: Demandes reçues
definition: Nombre de demandes reçues par les services sociaux du département, par mois de la demande, au total, par motif et par canal.
unite: demandes
theme: activite
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
secret_base: "demandes"
tests:
  - nom: trois demandes sur deux sites, le mois et l’année, par motif et par canal hors niveau site
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_demandes:
        - {demande_id: D1, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: logement, canal: accueil}
        - {demande_id: D2, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: budget, canal: accueil}
        - {demande_id: D3, site_id: S2, site_nom: Site 2, territoire: Sud, code_departement: '41', mois_demande: 2025-01, annee_demande: '2025', motif: logement, canal: telephone}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-01, valeur: 2, effectif: 2}
      - {niveau: site, code: S1, periode: 2025, valeur: 2, effectif: 2}
      - {niveau: site, code: S2, periode: 2025-01, valeur: 1, effectif: 1}
      - {niveau: site, code: S2, periode: 2025, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: motif, modalite: logement, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: motif, modalite: budget, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: canal, modalite: accueil, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: logement, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: motif, modalite: budget, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: canal, modalite: accueil, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025-01, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: motif, modalite: logement, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: canal, modalite: telephone, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: motif, modalite: logement, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: canal, modalite: telephone, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: motif, modalite: logement, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: motif, modalite: budget, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: canal, modalite: accueil, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: canal, modalite: telephone, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: motif, modalite: logement, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: motif, modalite: budget, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, dimension: canal, modalite: accueil, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: canal, modalite: telephone, valeur: 1, effectif: 1}
--- */
-- Two stages: count at the finest grain first, then roll the counts up to every cell.
WITH fin AS (
  SELECT site_id, site_nom, territoire, code_departement, mois_demande, annee_demande, motif, canal, count(*) AS demandes
  FROM marts.fct_demandes
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite, f.demandes
  FROM fin AS f LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(site := f.site_id, site_nom := f.site_nom, territoire := f.territoire, departement := f.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([f.mois_demande, f.annee_demande]) AS p(periode),
    unnest(ventilations(['motif', 'canal'], [f.motif, f.canal])) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(demandes) AS valeur, sum(demandes) AS effectif
FROM cellules
WHERE code IS NOT NULL AND (dimension = '' OR niveau <> 'site')
GROUP BY niveau, code, periode, dimension, modalite
