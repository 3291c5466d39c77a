/* ---
description: Chaque indicateur au niveau du département, côte à côte pour les départements fédérés, tel que chacun l’a publié (secret statistique appliqué par chacun), avec son rang et la date de ses données.
columns:
  departement: Code du département.
  nom: Nom du département.
  secret: Vrai quand le département a masqué la case (secret statistique) ; ses valeur, numérateur, dénominateur et effectif sont alors vides.
  date_donnees: Date des données derrière la case, telle que publiée par le département.
  date_donnees_departement: Date des chiffres du paquet du département (la plus récente de ses cases).
  edition: Édition dont viennent les chiffres du département ; vide pour sa dernière publication.
  paquet_sha256: Empreinte SHA-256 du paquet (datapackage.json) dont vient la case.
  rang: Rang du département pour cette case parmi ceux qui en publient la valeur (1 = la plus forte valeur) ; vide pour une case masquée ou un indicateur aux définitions différentes.
  departements_classes: Nombre de départements classés pour cette case.
--- */
WITH cases AS (
  SELECT c.indicateur, c.periode, c.dimension, c.modalite, c.departement, p.nom,
    c.valeur, c.numerateur, c.denominateur, c.effectif, c.secret, c.unite, c.date_donnees,
    p.date_donnees_max AS date_donnees_departement, p.edition, p.sha256 AS paquet_sha256, k.memes_definitions
  FROM cellules AS c
  JOIN fed.paquets AS p USING (departement)
  JOIN fed.catalogue AS k USING (indicateur)
  -- A département's own cells only: the others at this level are DREES comparisons in its package.
  WHERE c.niveau = 'departement' AND c.code = c.departement
)
SELECT indicateur, periode, dimension, modalite, departement, nom, valeur, numerateur, denominateur, effectif, secret, unite,
  date_donnees, date_donnees_departement, edition, paquet_sha256,
  CASE WHEN memes_definitions AND valeur IS NOT NULL
    THEN rank() OVER (PARTITION BY indicateur, periode, dimension, modalite, valeur IS NOT NULL ORDER BY valeur DESC) END::INTEGER AS rang,
  count(valeur) FILTER (WHERE memes_definitions) OVER (PARTITION BY indicateur, periode, dimension, modalite)::INTEGER AS departements_classes
FROM cases
ORDER BY indicateur, periode, dimension, modalite, departement
