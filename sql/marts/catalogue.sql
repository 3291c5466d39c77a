/* ---
description: La fiche de chaque indicateur (titre, définition, unité, thème, sources, niveaux, précautions, fenêtre), telle que la publie la table catalogue.
checks:
  not_null: [indicateur, titre, unite, theme]
  unique: [indicateur]
columns:
  sources: Formats d’échange dont il vient, séparés par des virgules ; le premier date les données.
  niveaux: Niveaux géographiques publiés, séparés par des virgules.
--- */
SELECT indicateur, titre, definition, unite, theme,
  array_to_string(sources, ', ') AS sources, array_to_string(niveaux, ', ') AS niveaux,
  precautions, fenetre_jours, sens
FROM ref.fiches_indicateurs
