/* ---
description: Le dictionnaire des tables et des colonnes de l’entrepôt et de la base publiée (le même que docs/modeles.md), montré sur la page « Les données » du tableau de bord.
columns:
  partie: publiee (la base publiée, ce que lit le tableau de bord) ou entrepot (interne).
  table_nom: Nom de la table, `<couche>.<nom>` dans l’entrepôt, `<table>` dans la base publiée.
  table_description: Ce que contient la table.
  origine: Les tables dont elle vient, séparées par des virgules.
  colonne: Nom de la colonne.
  type: Type DuckDB de la colonne.
  signification: Ce que veut dire la colonne.
--- */
SELECT partie, table_nom, table_description, origine, colonne, type, signification
FROM marts.dictionnaire
