/* ---
titre: Part des demandes d’APA décidées dans le délai légal de 2 mois
definition: Part des dossiers d’APA complets décidés (accord ou refus) au plus tard 60 jours après le dossier complet, parmi ceux dont les 60 jours sont écoulés à la date des données (cohorte complète), par mois et année du dossier complet, au total et selon le lieu (domicile, établissement).
unite: "%"
sens: hausse
theme: autonomie
sources: [apa_demandes, territoires]
niveaux: [territoire, departement]
fenetre_jours: 60
precautions: Le délai légal de deux mois (art. L232-14 du CASF) est compté comme 60 jours. Un dossier encore en cours après 60 jours compte comme hors délai ; les demandes classées sans suite et les dossiers incomplets ne comptent pas. Les dossiers complets depuis moins de 60 jours ne comptent pas encore.
tests:
  - nom: décidé sous 60 jours, au-delà, encore en cours ; un dossier trop récent et un classé sans suite écartés
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_apa_demandes:
        - {demande_id: A1, territoire: Nord, code_departement: '41', date_dossier_complet: 2025-01-10, mois_dossier_complet: 2025-01, annee_dossier_complet: '2025', delai_instruction_jours: 45, lieu: domicile, decision: accordee, date_donnees: 2025-06-30}
        - {demande_id: A2, territoire: Nord, code_departement: '41', date_dossier_complet: 2025-01-20, mois_dossier_complet: 2025-01, annee_dossier_complet: '2025', delai_instruction_jours: 61, lieu: domicile, decision: refusee, date_donnees: 2025-06-30}
        - {demande_id: A3, territoire: Nord, code_departement: '41', date_dossier_complet: 2025-02-03, mois_dossier_complet: 2025-02, annee_dossier_complet: '2025', delai_instruction_jours: null, lieu: etablissement, decision: en_cours, date_donnees: 2025-06-30}
        - {demande_id: A4, territoire: Nord, code_departement: '41', date_dossier_complet: 2025-06-10, mois_dossier_complet: 2025-06, annee_dossier_complet: '2025', delai_instruction_jours: 5, lieu: domicile, decision: accordee, date_donnees: 2025-06-30}
        - {demande_id: A5, territoire: Nord, code_departement: '41', date_dossier_complet: 2025-02-10, mois_dossier_complet: 2025-02, annee_dossier_complet: '2025', delai_instruction_jours: 20, lieu: domicile, decision: sans_suite, date_donnees: 2025-06-30}
        - {demande_id: A6, territoire: null, code_departement: null, date_dossier_complet: null, mois_dossier_complet: null, annee_dossier_complet: null, delai_instruction_jours: null, lieu: domicile, decision: en_cours, date_donnees: 2025-06-30}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-01, dimension: lieu, modalite: domicile, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025-02, dimension: lieu, modalite: etablissement, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: lieu, modalite: domicile, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: lieu, modalite: etablissement, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: lieu, modalite: domicile, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025-02, dimension: lieu, modalite: etablissement, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: lieu, modalite: domicile, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: lieu, modalite: etablissement, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite,
    coalesce(a.decision IN ('accordee', 'refusee') AND a.delai_instruction_jours <= 60, false) AS dans_le_delai
  FROM marts.fct_apa_demandes AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := a.territoire, departement := a.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([a.mois_dossier_complet, a.annee_dossier_complet]) AS p(periode),
    unnest(ventilations(['lieu'], [a.lieu])) AS b(b)
  WHERE a.date_dossier_complet <= a.date_donnees - 60 AND a.decision <> 'sans_suite'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  100.0 * count(*) FILTER (WHERE dans_le_delai) / count(*) AS valeur,
  count(*) FILTER (WHERE dans_le_delai) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
