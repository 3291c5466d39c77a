/* ---
titre: Part des entrants au RSA reçus en rendez-vous dans les 30 jours
definition: Part des entrants au RSA dont le premier rendez-vous a eu lieu au plus tard 30 jours après le premier versement, parmi ceux dont les 30 jours sont écoulés à la date des données (cohorte complète), par mois du premier versement.
unite: "%"
sens: hausse
theme: acces_droits
sources: [rsa_parcours, territoires]
niveaux: [territoire, departement]
fenetre_jours: 30
precautions: Un entrant sorti du RSA sans rendez-vous compte comme non reçu. Les entrants de moins de 30 jours ne comptent pas encore.
tests:
  - nom: reçu sous 30 jours (deux fois), jamais reçu ; un entrant trop récent écarté
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_rsa_entrees:
        - {usager_pseudo: E1, territoire: Nord, code_departement: '41', date_premier_versement: 2025-01-05, mois_entree: 2025-01, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 30, delai_premier_rdv_jours: 20, referent_unique: true, date_contrat: 2025-03-01}
        - {usager_pseudo: E2, territoire: Nord, code_departement: '41', date_premier_versement: 2025-01-20, mois_entree: 2025-01, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 90, delai_premier_rdv_jours: 25, referent_unique: false, date_contrat: null}
        - {usager_pseudo: E3, territoire: Nord, code_departement: '41', date_premier_versement: 2025-06-15, mois_entree: 2025-06, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: 5, delai_premier_rdv_jours: 5, referent_unique: true, date_contrat: 2025-06-20}
        - {usager_pseudo: E4, territoire: Nord, code_departement: '41', date_premier_versement: 2025-02-10, mois_entree: 2025-02, annee_entree: '2025', date_donnees: 2025-06-30, delai_orientation_jours: null, delai_premier_rdv_jours: null, referent_unique: null, date_contrat: 2025-07-15}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025-01, valeur: 100, numerateur: 2, denominateur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 66.666666666667, numerateur: 2, denominateur: 3, effectif: 3}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-01, valeur: 100, numerateur: 2, denominateur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025-02, valeur: 0, numerateur: 0, denominateur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 66.666666666667, numerateur: 2, denominateur: 3, effectif: 3}
--- */
-- The window is fenetre_jours of the header: tests/indicators checks the two agree.
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    p.periode,
    coalesce(r.delai_premier_rdv_jours <= 30, false) AS recu
  FROM marts.fct_rsa_entrees AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := r.territoire, departement := r.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest([r.mois_entree, r.annee_entree]) AS p(periode)
  WHERE r.date_premier_versement <= r.date_donnees - 30
)
SELECT niveau, code, any_value(libelle) AS libelle, periode,
  100.0 * count(*) FILTER (WHERE recu) / count(*) AS valeur,
  count(*) FILTER (WHERE recu) AS numerateur, count(*) AS denominateur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode
