/* ---
titre: Aides accordées par le FSL
definition: Nombre de demandes d’aide au fonds de solidarité pour le logement (FSL) accordées, par année de la demande, au total et par type d’aide (accès au logement, maintien dans les lieux, énergie, eau, autre).
unite: aides
theme: logement
sources: [fsl_aides, territoires]
niveaux: [territoire, departement]
precautions: Une demande encore en cours à la date des données n’est pas (encore) comptée. Le territoire est celui de la commune de résidence du ménage.
tests:
  - nom: deux territoires, une aide refusée, une en cours
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      marts.fct_fsl_aides:
        - {aide_id: F1, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee}
        - {aide_id: F2, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: acces, decision: accordee}
        - {aide_id: F3, territoire: Nord, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: refusee}
        - {aide_id: F4, territoire: Sud, code_departement: '41', annee_demande: '2025', type_aide: energie, decision: accordee}
        - {aide_id: F5, territoire: Sud, code_departement: '41', annee_demande: '2025', type_aide: eau, decision: en_cours}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025, valeur: 2, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: type_aide, modalite: acces, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, valeur: 1, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2025, dimension: type_aide, modalite: energie, valeur: 1, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 3, effectif: 3}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: energie, valeur: 2, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: type_aide, modalite: acces, valeur: 1, effectif: 1}
--- */
WITH cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.annee_demande AS periode, b.dimension, b.modalite
  FROM marts.fct_fsl_aides AS a LEFT JOIN ref.departements AS dep USING (code_departement),
    unnest(niveaux(territoire := a.territoire, departement := a.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['type_aide'], [a.type_aide])) AS b(b)
  WHERE a.decision = 'accordee'
)
SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS valeur, count(*) AS effectif
FROM cellules
WHERE code IS NOT NULL
GROUP BY niveau, code, periode, dimension, modalite
