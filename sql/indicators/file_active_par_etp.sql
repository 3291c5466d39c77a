/* ---
titre: File active par équivalent temps plein
definition: Nombre de personnes suivies (file active) pour un équivalent temps plein des métiers qui portent une file active, par mois.
unite: personnes par ETP
sens: baisse
theme: moyens
sources: [effectifs, sites]
niveaux: [site, territoire, departement]
precautions: Le dénominateur ne compte que les ETP des métiers qui suivent des personnes (liste réglée par l’observatoire ; par défaut assistants sociaux, CESF, conseillers d’insertion, puéricultrices) ; l’accueil, le secrétariat ou les médecins n’en portent pas.
tests:
  - nom: l’accueil ne porte pas de file active (métiers par défaut)
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_effectifs:
        - {mois: 2025-01, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', metier: assistant_social, etp: 2, file_active: 60}
        - {mois: 2025-01, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', metier: accueil, etp: 1, file_active: 0}
        - {mois: 2025-01, site_id: S2, site_nom: Site 2, territoire: Sud, code_departement: '41', metier: cesf, etp: 0.5, file_active: 20}
    attendu:
      - {niveau: site, code: S1, libelle: Site 1, periode: 2025-01, valeur: 30, numerateur: 60, denominateur: 2, effectif: 60}
      - {niveau: site, code: S2, periode: 2025-01, valeur: 40, numerateur: 20, denominateur: 0.5, effectif: 20}
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 30, numerateur: 60, denominateur: 2, effectif: 60}
      - {niveau: territoire, code: Sud, periode: 2025-01, valeur: 40, numerateur: 20, denominateur: 0.5, effectif: 20}
      - {niveau: departement, code: '41', periode: 2025-01, valeur: 32, numerateur: 80, denominateur: 2.5, effectif: 80}
  - nom: les métiers du réglage moyens.metiers_file_active seulement
    variables:
      metiers_file_active: [assistant_social]
    donnees:
      marts.fct_effectifs:
        - {mois: 2025-01, site_id: S1, site_nom: Site 1, territoire: Nord, code_departement: '41', metier: assistant_social, etp: 2, file_active: 60}
        - {mois: 2025-01, site_id: S2, site_nom: Site 2, territoire: Sud, code_departement: '41', metier: cesf, etp: 0.5, file_active: 20}
    attendu:
      - {niveau: site, code: S1, periode: 2025-01, valeur: 30, numerateur: 60, denominateur: 2, effectif: 60}
      - {niveau: territoire, code: Nord, periode: 2025-01, valeur: 30, numerateur: 60, denominateur: 2, effectif: 60}
      - {niveau: departement, code: '41', periode: 2025-01, valeur: 30, numerateur: 60, denominateur: 2, effectif: 60}
--- */
-- The jobs come from the setting moyens.metiers_file_active (SET VARIABLE by the runner).
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    e.mois AS periode,
    e.file_active,
    e.etp
  FROM marts.fct_effectifs AS e LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(site := e.site_id, site_nom := e.site_nom, territoire := e.territoire, departement := e.code_departement, departement_nom := dep.nom)) AS n(n)
  WHERE list_contains(getvariable('metiers_file_active'), e.metier)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  sum(file_active) / nullif(sum(etp), 0) AS valeur, sum(file_active) AS numerateur, sum(etp) AS denominateur,
  sum(file_active) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
