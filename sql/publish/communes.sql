/* ---
description: Les communes du département (données publiques) avec leur territoire, leur population légale et leur centre, pour les cartes.
--- */
-- Public reference data for maps and tables: the département's communes, their territory,
-- legal population and centre.
SELECT code_commune, nom, territoire, code_departement, population, latitude, longitude
FROM intermediate.int_communes
ORDER BY code_commune
