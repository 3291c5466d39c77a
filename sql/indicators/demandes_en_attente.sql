/* ---
titre: Demandes en attente d’un premier rendez-vous
definition: Nombre de demandes encore en cours (ni closes ni orientées vers un partenaire) sans premier rendez-vous à la date des données de leur livraison, chaque producteur étant jugé à sa propre date ; période = date des données la plus récente.
unite: demandes
sens: baisse
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes closes (sans suite, close) ou orientées vers un partenaire sans rendez-vous ne sont pas en attente. Une livraison ancienne n’est pas vieillie jusqu’à la date de la plus récente ; ses demandes en attente le sont à sa propre date.
secret_base: "demandes_en_attente"
tests:
  - nom: deux sites à une date, un site sans territoire à une autre, une demande qui n’attend plus
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
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-03-10, valeur: 2, effectif: 2}
      - {niveau: site, code: S2, periode: 2025-03-10, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-03-10, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025-03-10, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-03-10, valeur: 3, effectif: 3}
      - {niveau: site, code: S3, periode: 2025-02-24, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-02-24, valeur: 1, effectif: 1}
--- */
WITH vues AS (
  SELECT d.*, dep.nom AS departement_nom
  FROM marts.fct_demandes AS d LEFT JOIN ref.departements AS dep USING (code_departement)
  WHERE en_attente
),
cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    strftime(date_donnees_source, '%Y-%m-%d') AS periode
  FROM vues,
    unnest(niveaux(site := site_id, site_nom := site_nom, territoire := territoire, departement := code_departement, departement_nom := departement_nom)) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
