/* ---
titre: Montant médian des aides accordées par le FSL
definition: Médiane des montants des aides du fonds de solidarité pour le logement (FSL) accordées, en euros, par année de la demande, au total et par type d’aide.
unite: euros
theme: logement
sources: [fsl_aides, territoires]
niveaux: [territoire, departement]
precautions: Une aide accordée sans montant ne compte pas. L’effectif est le nombre d’aides accordées avec un montant ; la médiane de deux montants est leur moyenne.
secret_base: "aucune"
tests:
  - nom: médiane d’un nombre pair et impair de montants, une aide sans montant et une refusée écartées
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_fsl_aides:
        - {aide_id: F1, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee, montant_eur: 100}
        - {aide_id: F2, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee, montant_eur: 300.5}
        - {aide_id: F3, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: acces, decision: accordee, montant_eur: null}
        - {aide_id: F4, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: acces, decision: refusee, montant_eur: 900}
        - {aide_id: F5, territoire: Sud, code_departement: '41', annee_demande: '2025', type_aide: acces, decision: accordee, montant_eur: 500}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025, valeur: 200.25, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: type_aide, modalite: energie, valeur: 200.25, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025, valeur: 500, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: type_aide, modalite: acces, valeur: 500, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 300.5, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: energie, valeur: 200.25, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: acces, valeur: 500, effectif: 1}
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite, a.montant_eur
  FROM marts.fct_fsl_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := a.territoire, departement := a.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_aide'], [a.type_aide])) AS b(b)
  WHERE a.decision = 'accordee' AND a.montant_eur IS NOT NULL
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, median(montant_eur) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
