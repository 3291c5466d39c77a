/* ---
titre: Part des demandes à la MDPH décidées en 4 mois
definition: Part des prestations demandées à la MDPH décidées (accord ou refus) au plus tard 120 jours après le dépôt, parmi celles dont les 120 jours sont écoulés à la date des données (cohorte complète), par mois et année du dépôt, au total et par prestation.
unite: "%"
sens: hausse
theme: handicap
sources: [mdph_demandes, territoires]
niveaux: [territoire, departement]
fenetre_jours: 120
precautions: Quatre mois, le délai dans lequel la MDPH doit se prononcer (art. R241-33 du CASF), sont comptés comme 120 jours. Une demande encore en cours après 120 jours compte comme hors délai ; les demandes classées sans suite ne comptent pas. Une demande portant sur plusieurs prestations compte une fois par prestation.
tests:
  - nom: décidée sous 120 jours, au-delà, en cours ; une trop récente et une sans suite écartées
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_mdph_demandes:
        - {demande_id: M1, territoire: Sud, code_departement: '41', date_depot: 2025-01-10, mois_depot: 2025-01, annee_depot: '2025', delai_decision_jours: 120, prestation: pch, decision: accordee, date_donnees: 2025-09-30}
        - {demande_id: M2, territoire: Sud, code_departement: '41', date_depot: 2025-01-10, mois_depot: 2025-01, annee_depot: '2025', delai_decision_jours: 121, prestation: aah, decision: refusee, date_donnees: 2025-09-30}
        - {demande_id: M3, territoire: Sud, code_departement: '41', date_depot: 2025-01-15, mois_depot: 2025-01, annee_depot: '2025', delai_decision_jours: null, prestation: pch, decision: en_cours, date_donnees: 2025-09-30}
        - {demande_id: M4, territoire: Sud, code_departement: '41', date_depot: 2025-08-01, mois_depot: 2025-08, annee_depot: '2025', delai_decision_jours: 10, prestation: cmi, decision: accordee, date_donnees: 2025-09-30}
        - {demande_id: M5, territoire: Sud, code_departement: '41', date_depot: 2025-01-20, mois_depot: 2025-01, annee_depot: '2025', delai_decision_jours: 30, prestation: cmi, decision: sans_suite, date_donnees: 2025-09-30}
    attendu:
      - {niveau: territoire, code: Sud, libelle: Sud, periode: 2025-01, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: prestation, modalite: pch, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025-01, dimension: prestation, modalite: aah, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: prestation, modalite: pch, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: prestation, modalite: aah, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: prestation, modalite: pch, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-01, dimension: prestation, modalite: aah, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: prestation, modalite: pch, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: prestation, modalite: aah, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, p.periode, b.dimension, b.modalite,
    coalesce(m.decision IN ('accordee', 'refusee') AND m.delai_decision_jours <= 120, false) AS dans_le_delai
  FROM marts.fct_mdph_demandes AS m LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := m.territoire, departement := m.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([m.mois_depot, m.annee_depot]) AS p(periode),
    unnest(ventilations(['prestation'], [m.prestation])) AS b(b)
  WHERE m.date_depot <= m.date_donnees - 120 AND m.decision <> 'sans_suite'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite,
  100.0 * count(*) FILTER (WHERE dans_le_delai) / count(*) AS valeur,
  count(*) FILTER (WHERE dans_le_delai) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
