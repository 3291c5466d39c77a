/* ---
description: Les indicateurs des départements fédérés ; seuls ceux dont tous les départements publient la même définition (titre, définition, unité) sont classés.
columns:
  indicateur: Identifiant de l’indicateur.
  titre: Titre de l’indicateur (celui du premier département quand ils diffèrent).
  definition: Définition en une phrase.
  unite: Unité de la valeur.
  theme: Thème de l’indicateur.
  departements: Nombre de départements qui le publient.
  memes_definitions: Vrai quand tous ces départements en publient la même définition ; faux sinon (il n’est alors ni classé ni totalisé).
--- */
SELECT indicateur,
  arg_min(titre, departement) AS titre, arg_min(definition, departement) AS definition,
  arg_min(unite, departement) AS unite, arg_min(theme, departement) AS theme,
  count(DISTINCT departement)::INTEGER AS departements,
  count(DISTINCT md5(concat_ws('|', titre, definition, unite))) = 1 AS memes_definitions
FROM catalogues
GROUP BY indicateur
ORDER BY indicateur
