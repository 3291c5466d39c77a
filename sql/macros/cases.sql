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

-- The breakdowns a fact counts for: the total (empty dimension and modality), then one per
-- dimension named, with the fact's modality of it, as {dimension, modalite} structs to unnest.
--   unnest(ventilations(['motif', 'canal'], [f.motif, f.canal])) AS b(b)
CREATE OR REPLACE MACRO ventilations(dimensions, modalites) AS
  list_prepend({dimension: '', modalite: ''}, list_transform(list_zip(dimensions, modalites), z -> {dimension: z[1], modalite: z[2]}));
