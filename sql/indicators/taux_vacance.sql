/* ---
titre: Taux de vacance des postes
definition: Part des postes ouverts qui sont vacants, par mois.
unite: "%"
sens: baisse
theme: moyens
sources: [effectifs, sites]
niveaux: [territoire, departement]
tests:
  - nom: deux sites d’un territoire, un territoire sans poste ouvert
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_effectifs:
        - {mois: 2025-01, site_id: S1, territoire: Nord, code_departement: '41', metier: assistant_social, postes_ouverts: 10, postes_vacants: 2}
        - {mois: 2025-01, site_id: S2, territoire: Nord, code_departement: '41', metier: accueil, postes_ouverts: 5, postes_vacants: 1}
        - {mois: 2025-01, site_id: S3, territoire: Sud, code_departement: '41', metier: accueil, postes_ouverts: 0, postes_vacants: 0}
    attendu:
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 20, numerateur: 3, denominateur: 15, effectif: null}
      - {niveau: territoire, code: Sud, periode: 2025-01, valeur: null, numerateur: 0, denominateur: 0, effectif: null}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 20, numerateur: 3, denominateur: 15, effectif: null}
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    e.postes_ouverts,
    e.postes_vacants
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := e.territoire, departement := e.code_departement, departement_nom := dep.nom)) AS n(n)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * sum(postes_vacants) / nullif(sum(postes_ouverts), 0) AS valeur,
  sum(postes_vacants) AS numerateur, sum(postes_ouverts) AS denominateur, NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
