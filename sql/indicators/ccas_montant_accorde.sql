/* ---
titre: Montant des aides accordées par les CCAS
definition: Somme des montants des aides accordées par les CCAS qui transmettent leurs demandes, en euros, par année de la demande, au total et par type d’aide.
unite: euros
theme: activite
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Une aide accordée sans montant (aide en nature) ne compte que dans « aides accordées ». L’effectif est le nombre d’aides accordées avec un montant.
tests:
  - nom: une aide en nature sans montant, une aide refusée
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_ccas_aides:
        - {aide_id: A1, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee, montant_eur: 100.5}
        - {aide_id: A2, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: alimentaire, decision: accordee, montant_eur: null}
        - {aide_id: A3, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: refusee, montant_eur: 50}
        - {aide_id: A4, ccas_commune: '41269', ccas_commune_nom: Vendôme, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee, montant_eur: 200}
        - {aide_id: A5, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2024', type_aide: energie, decision: accordee, montant_eur: 30}
    attendu:
      - {niveau: commune, code: '41018', periode: 2025, valeur: 100.5, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2025, dimension: type_aide, modalite: energie, valeur: 100.5, effectif: 1}
      - {niveau: commune, code: '41269', periode: 2025, valeur: 200, effectif: 1}
      - {niveau: commune, code: '41269', periode: 2025, dimension: type_aide, modalite: energie, valeur: 200, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2024, valeur: 30, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2024, dimension: type_aide, modalite: energie, valeur: 30, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, valeur: 300.5, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: energie, valeur: 300.5, effectif: 2}
      - {niveau: departement, code: '41', periode: 2024, valeur: 30, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, dimension: type_aide, modalite: energie, valeur: 30, effectif: 1}
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite, a.montant_eur
  FROM marts.fct_ccas_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(commune := a.ccas_commune, commune_nom := a.ccas_commune_nom, departement := a.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_aide'], [a.type_aide])) AS b(b)
  WHERE a.decision = 'accordee' AND a.montant_eur IS NOT NULL
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, sum(montant_eur) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
