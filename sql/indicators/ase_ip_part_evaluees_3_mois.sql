/* ---
titre: Part des informations préoccupantes évaluées en 3 mois
definition: Part des informations préoccupantes dont l’évaluation est finie au plus tard 90 jours après leur réception, parmi celles reçues depuis au moins 90 jours à la date des données (cohorte complète), par mois et année de réception.
unite: "%"
sens: hausse
theme: enfance_famille
sources: [ase_informations_preoccupantes, territoires]
niveaux: [territoire, departement]
fenetre_jours: 90
precautions: Les trois mois recommandés (décret du 28 octobre 2016, recommandation de la HAS) sont comptés comme 90 jours. Une évaluation encore en cours après 90 jours compte comme hors délai. Le territoire est celui de la commune de résidence de l’enfant.
tests:
  - nom: évaluée sous 90 jours, au-delà, en cours ; une trop récente écartée
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_ase_informations_preoccupantes:
        - {ip_id: I1, territoire: Nord, code_departement: '41', date_reception: 2025-01-10, mois_reception: 2025-01, annee_reception: '2025', delai_evaluation_jours: 90, date_donnees: 2025-06-30}
        - {ip_id: I2, territoire: Nord, code_departement: '41', date_reception: 2025-01-12, mois_reception: 2025-01, annee_reception: '2025', delai_evaluation_jours: 91, date_donnees: 2025-06-30}
        - {ip_id: I3, territoire: Nord, code_departement: '41', date_reception: 2025-02-12, mois_reception: 2025-02, annee_reception: '2025', delai_evaluation_jours: null, date_donnees: 2025-06-30}
        - {ip_id: I4, territoire: Nord, code_departement: '41', date_reception: 2025-06-01, mois_reception: 2025-06, annee_reception: '2025', delai_evaluation_jours: 3, date_donnees: 2025-06-30}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, coalesce(i.delai_evaluation_jours <= 90, false) AS dans_le_delai
  FROM marts.fct_ase_informations_preoccupantes AS i LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := i.territoire, departement := i.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([i.mois_reception, i.annee_reception]) AS p(periode)
  WHERE i.date_reception <= i.date_donnees - 90
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE dans_le_delai) / count(*) AS valeur,
  count(*) FILTER (WHERE dans_le_delai) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
