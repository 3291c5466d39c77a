/* ---
titre: Part des entrants au RSA avec un référent unique
definition: Part des entrants au RSA à qui un référent unique a été désigné, parmi ceux dont le premier versement date d’au moins 120 jours à la date des données (cohorte complète), par mois du premier versement.
unite: "%"
sens: hausse
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 120
precautions: La désignation d’un référent prend plusieurs semaines ; compter les entrants récents ferait croire à une baisse. Les mois dont les entrants n’ont pas tous 120 jours d’ancienneté ne sont pas publiés, ou seulement pour leurs premiers jours.
tests:
  - nom: avec référent, sans, inconnu ; un entrant trop récent écarté
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_rsa_entrees:
        - {usager_pseudo: E1, territoire: Nord, code_departement: '41', date_premier_versement: 2025-01-05, mois_entree: 2025-01, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 30, delai_premier_rdv_jours: 20, referent_unique: true, date_contrat: 2025-03-01}
        - {usager_pseudo: E2, territoire: Nord, code_departement: '41', date_premier_versement: 2025-01-20, mois_entree: 2025-01, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 90, delai_premier_rdv_jours: 25, referent_unique: false, date_contrat: null}
        - {usager_pseudo: E3, territoire: Nord, code_departement: '41', date_premier_versement: 2025-06-15, mois_entree: 2025-06, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 5, delai_premier_rdv_jours: 5, referent_unique: true, date_contrat: 2025-06-20}
        - {usager_pseudo: E4, territoire: Nord, code_departement: '41', date_premier_versement: 2025-02-10, mois_entree: 2025-02, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: null, delai_premier_rdv_jours: null, referent_unique: null, date_contrat: 2025-07-15}
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
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.referent_unique, false) AS referent
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := r.territoire, departement := r.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 120
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE referent) / count(*) AS valeur,
  count(*) FILTER (WHERE referent) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
