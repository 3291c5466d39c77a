/* ---
titre: Demandes en attente d’un premier rendez-vous
definition: Nombre de demandes encore en cours (ni closes ni orientées vers un partenaire) sans premier rendez-vous à la date des données de leur livraison, chaque producteur étant jugé à sa propre date ; période = date des données la plus récente.
unite: demandes
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes closes (sans suite, close) ou orientées vers un partenaire sans rendez-vous ne sont pas en attente. Une livraison ancienne n’est pas vieillie jusqu’à la date de la plus récente ; ses demandes en attente le sont à sa propre date.
secret_base: "demandes_en_attente"
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
    unnest([
      {niveau: 'site', code: site_id, libelle: site_nom},
      {niveau: 'territoire', code: territoire, libelle: territoire},
      {niveau: 'departement', code: code_departement, libelle: departement_nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
