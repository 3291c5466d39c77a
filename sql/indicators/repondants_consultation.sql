/* ---
titre: Répondants à la consultation citoyenne
definition: Nombre de personnes ayant répondu au questionnaire de la consultation, par année, au total, par profil et par tranche d’âge.
unite: répondants
sens: hausse
theme: parole_citoyenne
sources: [consultation, territoires]
niveaux: [territoire, departement]
precautions: Le territoire vient du code commune ou, à défaut, du code postal ; un code postal partagé par plusieurs territoires est compté à part (« plusieurs territoires »), sans être deviné.
tests:
  - nom: un territoire, un code postal sur plusieurs territoires, une tranche d’âge inconnue
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_repondants:
        - {questionnaire: q2025, reponse_id: R1, annee_reponse: '2025', territoire: Nord, code_departement: '41', profil: usager, tranche_age: 25-39}
        - {questionnaire: q2025, reponse_id: R2, annee_reponse: '2025', territoire: Nord, code_departement: '41', profil: agent, tranche_age: null}
        - {questionnaire: q2025, reponse_id: R3, annee_reponse: '2025', territoire: plusieurs territoires, code_departement: '41', profil: usager, tranche_age: 25-39}
    attendu:
      - {niveau: territoire, code: Nord, periode: 2025, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: profil, modalite: usager, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: profil, modalite: agent, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: tranche_age, modalite: 25-39, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: tranche_age, modalite: inconnue, valeur: 1, effectif: 1}
      - {niveau: territoire, code: plusieurs territoires, periode: 2025, valeur: 1, effectif: 1}
      - {niveau: territoire, code: plusieurs territoires, periode: 2025, dimension: profil, modalite: usager, valeur: 1, effectif: 1}
      - {niveau: territoire, code: plusieurs territoires, periode: 2025, dimension: tranche_age, modalite: 25-39, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: profil, modalite: usager, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: profil, modalite: agent, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, dimension: tranche_age, modalite: 25-39, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: tranche_age, modalite: inconnue, valeur: 1, effectif: 1}
--- */
WITH cellules AS (
  SELECT
    n.niveau, n.code, n.libelle,
    r.annee_reponse AS periode,
    b.dimension, b.modalite
  FROM marts.fct_repondants AS r LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := r.territoire, departement := r.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['profil', 'tranche_age'], [r.profil, coalesce(r.tranche_age, 'inconnue')])) AS b(b)
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
