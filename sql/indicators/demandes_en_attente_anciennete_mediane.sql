/* ---
titre: Ancienneté médiane des demandes en attente
definition: Nombre médian de jours écoulés depuis la demande, à la date des données de sa livraison, pour les demandes en attente (en cours, sans premier rendez-vous à cette date).
unite: jours
sens: baisse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Se lit avec « demandes en attente » ; chaque demande est vieillie jusqu’à la date des données de sa propre livraison, pas jusqu’à la plus récente. Les demandes closes ou orientées sans rendez-vous n’y figurent pas.
secret_base: "aucune"
tests:
  - nom: médianes des anciennetés, deux sites à une date, un site sans territoire à une autre, une demande qui n’attend plus
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_demandes:
        - {demande_id: D1, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', en_attente: true, date_donnees_source: 2025-03-10, attente_jours: 10}
        - {demande_id: D2, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', en_attente: true, date_donnees_source: 2025-03-10, attente_jours: 21}
        - {demande_id: D3, site_id: S2, site_nom: Site 2, territoire: Sud, code_departement: '41', en_attente: true, date_donnees_source: 2025-03-10, attente_jours: 5}
        - {demande_id: D4, site_id: S2, site_nom: Site 2, territoire: Sud, code_departement: '41', en_attente: false, date_donnees_source: 2025-03-10, attente_jours: null}
        - {demande_id: D5, site_id: S3, site_nom: Site 3, territoire: null, code_departement: '41', en_attente: true, date_donnees_source: 2025-02-24, attente_jours: 7}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-03-10, valeur: 15.5, effectif: 2}
      - {niveau: site, code: S2, periode: 2025-03-10, valeur: 5, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-03-10, valeur: 15.5, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025-03-10, valeur: 5, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-03-10, valeur: 10, effectif: 3}
      - {niveau: site, code: S3, periode: 2025-02-24, valeur: 7, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-02-24, valeur: 7, effectif: 1}
--- */
WITH vues AS (
  SELECT d.*, dep.nom AS departement_nom
  FROM marts.fct_demandes AS d LEFT JOIN ref.departements AS dep USING (code_departement)
  WHERE en_attente
),
cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    strftime(date_donnees_source, '%Y-%m-%d') AS periode,
    attente_jours
  FROM vues,
    unnest(niveaux(site := site_id, site_nom := site_nom, territoire := territoire, departement := code_departement, departement_nom := departement_nom)) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  quantile_cont(attente_jours::DOUBLE, 0.5) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
