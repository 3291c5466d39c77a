/* ---
description: Emboîtement géographique des niveaux publiés (site → territoire, commune → territoire, territoire → département), pour le secret statistique secondaire.
checks:
  not_null: [niveau, code, niveau_parent, code_parent]
  expect_no_rows:
    - name: territoire des sites
      # The sites file decides a site's territory; the territories file should agree.
      sql: >
        SELECT s.site_id, s.territoire, t.territoire AS territoire_commune
        FROM staging.stg_sls__sites AS s JOIN staging.stg_referentiel__territoires AS t USING (code_commune)
        WHERE s.territoire <> t.territoire LIMIT 5
      message: le territoire d’un site (fichier sites) diffère de celui de sa commune (fichier territoires)
      severity: avertissement
columns:
  niveau: Niveau de la case fille (site, commune, territoire).
  code: Code de la case fille.
  niveau_parent: Niveau qui la contient (territoire, departement).
  code_parent: Code du niveau qui la contient.
--- */
SELECT 'site' AS niveau, site_id AS code, 'territoire' AS niveau_parent, territoire AS code_parent
FROM staging.stg_sls__sites WHERE territoire IS NOT NULL
UNION ALL
SELECT 'commune', code_commune, 'territoire', territoire FROM intermediate.int_communes
UNION ALL
SELECT DISTINCT 'territoire', t.territoire, 'departement', d.code_departement
FROM (SELECT territoire FROM intermediate.int_communes UNION SELECT territoire FROM staging.stg_sls__sites
      UNION SELECT 'plusieurs territoires' UNION SELECT 'hors département') AS t CROSS JOIN intermediate.int_departement AS d
WHERE t.territoire IS NOT NULL
