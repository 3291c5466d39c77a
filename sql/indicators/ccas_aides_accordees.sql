/* ---
titre: Aides accordées par les CCAS
definition: Nombre de demandes d’aide accordées par les CCAS qui transmettent leurs demandes, par année de la demande, au total et par type d’aide.
unite: aides
theme: activite
sources: [ccas_aides]
niveaux: [commune, departement]
precautions: Seuls les CCAS qui transmettent leurs demandes sont comptés ; une demande encore en cours à la date des données n’est pas (encore) comptée.
tests:
  - nom: deux CCAS, deux années, une aide refusée
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_ccas_aides:
        - {aide_id: A1, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee}
        - {aide_id: A2, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: alimentaire, decision: accordee}
        - {aide_id: A3, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: refusee}
        - {aide_id: A4, ccas_commune: '41269', ccas_commune_nom: Vendôme, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee}
        - {aide_id: A5, ccas_commune: '41018', ccas_commune_nom: Blois, code_departement: '41', annee_demande: '2024', type_aide: energie, decision: accordee}
    attendu:
      - {niveau: commune, code: '41018', libelle: Blois, periode: 2025, valeur: 2, effectif: 2}
      - {niveau: commune, code: '41018', periode: 2025, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2025, dimension: type_aide, modalite: alimentaire, valeur: 1, effectif: 1}
      - {niveau: commune, code: '41269', periode: 2025, valeur: 1, effectif: 1}
      - {niveau: commune, code: '41269', periode: 2025, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2024, valeur: 1, effectif: 1}
      - {niveau: commune, code: '41018', periode: 2024, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: energie, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: alimentaire, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite
  FROM marts.fct_ccas_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(commune := a.ccas_commune, commune_nom := a.ccas_commune_nom, departement := a.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_aide'], [a.type_aide])) AS b(b)
  WHERE a.decision = 'accordee'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
