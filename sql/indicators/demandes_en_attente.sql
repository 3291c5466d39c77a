/* ---
titre: Demandes en attente d’un premier rendez-vous
definition: Nombre de demandes sans premier rendez-vous à la date des données la plus récente, toutes dates de demande confondues.
unite: demandes
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Une demande reste « en attente » tant qu’aucune livraison ne lui donne de date de premier rendez-vous, même si sa livraison est ancienne ; une demande close sans rendez-vous y figure aussi.
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
