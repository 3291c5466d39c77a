/* ---
titre: Part des entrants au RSA avec un référent unique
definition: Part des entrants au RSA à qui un référent unique a été désigné, parmi les entrants du mois du premier versement ; un mois ou une année n’est publié qu’une fois 120 jours écoulés pour tous ses entrants à la date des données (cohorte complète).
unite: "%"
sens: hausse
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 120
secret_base: "rsa_entrants"
precautions: La désignation d’un référent prend plusieurs semaines ; compter les entrants récents ferait croire à une baisse. Le mois et l’année en cours ne paraissent qu’une fois leurs derniers entrants arrivés à 120 jours.
tests:
  - nom: avec référent, sans, inconnu ; un entrant trop récent, dont le mois et l’année ne sont pas encore publiés
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_rsa_entrees:
        - {usager_pseudo: E1, territoire: Nord, code_departement: '41', date_premier_versement: 2024-01-05, mois_entree: 2024-01, annee_entree: '2024', date_donnees: 2024-06-30, delai_orientation_jours: 30, delai_premier_rdv_jours: 20, referent_unique: true, date_contrat: 2024-03-01}
        - {usager_pseudo: E2, territoire: Nord, code_departement: '41', date_premier_versement: 2024-01-20, mois_entree: 2024-01, annee_entree: '2024', date_donnees: 2024-06-30, delai_orientation_jours: 90, delai_premier_rdv_jours: 25, referent_unique: false, date_contrat: null}
        - {usager_pseudo: E3, territoire: Nord, code_departement: '41', date_premier_versement: 2025-06-15, mois_entree: 2025-06, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 5, delai_premier_rdv_jours: 5, referent_unique: true, date_contrat: 2025-06-20}
        - {usager_pseudo: E4, territoire: Nord, code_departement: '41', date_premier_versement: 2024-02-10, mois_entree: 2024-02, annee_entree: '2024', date_donnees: 2024-06-30, delai_orientation_jours: null, delai_premier_rdv_jours: null, referent_unique: null, date_contrat: 2024-07-15}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2024-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2024-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2024, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2024-01, valeur: 50, numerateur: 1, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2024-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, valeur: 33.333333333333, numerateur: 1, denominateur: 3, effectif: 3}
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    -- A period is published once the window of all its entrants has elapsed: a period counting only
    -- part of them would differ from the other shares' by a few recent entrants, read by difference.
    bool_and(r.date_premier_versement <= r.date_donnees - 120) OVER (PARTITION BY p.periode) AS cohorte_complete,
    coalesce(r.referent_unique, false) AS referent
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := r.territoire, departement := r.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE referent) / count(*) AS valeur,
  count(*) FILTER (WHERE referent) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL AND cohorte_complete
GROUP BY niveau, code, periode
