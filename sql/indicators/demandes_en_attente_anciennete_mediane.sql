/* ---
titre: Ancienneté médiane des demandes en attente
definition: Nombre médian de jours écoulés depuis la demande, à la date des données de sa livraison, pour les demandes en attente (en cours, sans premier rendez-vous à cette date).
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Se lit avec « demandes en attente » ; chaque demande est vieillie jusqu’à la date des données de sa propre livraison, pas jusqu’à la plus récente. Les demandes closes ou orientées sans rendez-vous n’y figurent pas.
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
    strftime(date_donnees_source, '%Y-%m-%d') AS periode,
    attente_jours
  FROM vues,
    unnest([
      {niveau: 'site', code: site_id, libelle: site_nom},
      {niveau: 'territoire', code: territoire, libelle: territoire},
      {niveau: 'departement', code: code_departement, libelle: departement_nom}
    ]) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  quantile_cont(attente_jours::DOUBLE, 0.5) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
