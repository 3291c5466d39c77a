/* ---
titre: Part des lieux d’accueil ouverts le soir ou le samedi
definition: Part des lieux d’accueil ouverts à la date des données (un arrêt d’unité mobile compte pour un lieu) dont une plage horaire finit après 18 h ou qui ouvrent le samedi, parmi ceux dont les jours et horaires sont connus ; au total et par critère (soir, samedi).
unite: "%"
sens: hausse
theme: horaires
sources: [sites, territoires]
niveaux: [territoire, departement]
precautions: Les lieux sans jours ni horaires dans le fichier des sites ne sont pas comptés. « Le soir » veut dire qu’une plage d’ouverture finit après 18 h 00.
tests:
  - nom: ouverts le soir, le samedi ou ni l’un ni l’autre ; sans horaires et fermés écartés
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      staging.stg_sls__sites:
        - {site_id: S1, territoire: Nord, code_departement: '41', jours: 'lun,mar', horaires: '09:00-12:00/14:00-19:00', date_donnees: 2025-02-20}
        - {site_id: S2, territoire: Nord, code_departement: '41', jours: 'lun,sam', horaires: '09:00-12:00', date_donnees: 2025-02-20}
        - {site_id: S3, territoire: Nord, code_departement: '41', jours: lun, horaires: '09:00-17:00', date_donnees: 2025-02-20}
        - {site_id: S4, territoire: Sud, code_departement: '41', jours: null, horaires: null, date_donnees: 2025-02-20}
        - {site_id: S5, territoire: Sud, code_departement: '41', jours: sam, horaires: '09:00-12:00', date_fermeture: 2025-01-01, date_donnees: 2025-02-20}
        - {site_id: S6, territoire: Sud, code_departement: '41', jours: mar, horaires: '08:30-18:30', date_donnees: 2025-02-20}
    attendu:
      - {niveau: territoire, code: Nord, periode: 2025-02-20, valeur: 66.666666666667, numerateur: 2, denominateur: 3, effectif: null}
      - {niveau: territoire, code: Nord, periode: 2025-02-20, dimension: critere, modalite: soir, valeur: 33.333333333333, numerateur: 1, denominateur: 3}
      - {niveau: territoire, code: Nord, periode: 2025-02-20, dimension: critere, modalite: samedi, valeur: 33.333333333333, numerateur: 1, denominateur: 3}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, valeur: 100, numerateur: 1, denominateur: 1}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, dimension: critere, modalite: soir, valeur: 100, numerateur: 1, denominateur: 1}
      - {niveau: territoire, code: Sud, periode: 2025-02-20, dimension: critere, modalite: samedi, valeur: 0, numerateur: 0, denominateur: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-02-20, valeur: 75, numerateur: 3, denominateur: 4}
      - {niveau: departement, code: '41', periode: 2025-02-20, dimension: critere, modalite: soir, valeur: 50, numerateur: 2, denominateur: 4}
      - {niveau: departement, code: '41', periode: 2025-02-20, dimension: critere, modalite: samedi, valeur: 25, numerateur: 1, denominateur: 4}
--- */
WITH ouverts AS (
  SELECT s.*,
    ouvre_le_samedi(s.jours) AS samedi,
    ouvre_le_soir(s.horaires) AS soir
  FROM staging.stg_sls__sites AS s
  WHERE ouvert_le(s.date_ouverture, s.date_fermeture, (SELECT max(date_donnees) FROM staging.stg_sls__sites))
    AND s.jours IS NOT NULL AND s.horaires IS NOT NULL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, b.dimension, b.modalite, b.oui
  FROM ouverts AS o LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := o.territoire, departement := o.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([
      {dimension: '', modalite: '', oui: o.soir OR o.samedi},
      {dimension: 'critere', modalite: 'soir', oui: o.soir},
      {dimension: 'critere', modalite: 'samedi', oui: o.samedi}
    ]) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle,
  (SELECT strftime(max(date_donnees), '%Y-%m-%d') FROM staging.stg_sls__sites) AS periode, dimension, modalite,
  100.0 * count(*) FILTER (WHERE oui) / count(*) AS valeur, count(*) FILTER (WHERE oui) AS numerateur, count(*) AS denominateur,
  NULL AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, dimension, modalite
