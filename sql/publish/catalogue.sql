-- Every published indicator with its title, definition, unit, theme, sources and caveats.
SELECT * FROM marts.catalogue ORDER BY theme, indicateur
