-- The places a fact counts for: every level of the nesting that contains it, from the finest level
-- it has (site or commune) up to the département, as {niveau, code, libelle} structs to unnest.
-- A level left out, or with no code (a site without territory), yields no cell.
-- Every argument is named; the levels an indicator does not publish are left out:
--   unnest(niveaux(site := f.site_id, site_nom := f.site_nom, territoire := f.territoire,
--                  departement := f.code_departement, departement_nom := dep.nom)) AS n(n)
CREATE OR REPLACE MACRO niveaux(site := NULL, site_nom := NULL, commune := NULL, commune_nom := NULL,
    territoire := NULL, departement := NULL, departement_nom := NULL) AS
  list_filter([
    {niveau: 'site', code: site, libelle: site_nom},
    {niveau: 'commune', code: commune, libelle: commune_nom},
    {niveau: 'territoire', code: territoire, libelle: territoire},
    {niveau: 'departement', code: departement, libelle: departement_nom}
  ], n -> n.code IS NOT NULL);
