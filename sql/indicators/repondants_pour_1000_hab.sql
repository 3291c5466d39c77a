/* ---
titre: Répondants à la consultation pour 1 000 habitants
definition: Nombre de répondants à la consultation habitant le territoire (par leur code commune, sinon leur code postal) pour 1 000 habitants (population légale), par année ; se lit pour voir quels territoires ont peu répondu.
unite: répondants pour 1 000 hab.
sens: hausse
theme: parole_citoyenne
sources: [consultation, territoires]
niveaux: [territoire, departement]
precautions: Les répondants dont le code postal couvre plusieurs territoires comptent pour le département, pas pour un territoire ; ceux d’hors du département ne comptent pas.
tests:
  - nom: plusieurs territoires compte pour le département seul, hors département pour personne
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_departement:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', code_departement: '41', territoire: Nord, population: 4000}
        - {code_commune: '41002', code_departement: '41', territoire: Sud, population: 1000}
      marts.fct_repondants:
        - {questionnaire: q2025, reponse_id: R1, annee_reponse: '2025', territoire: Nord, code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R2, annee_reponse: '2025', territoire: Nord, code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R3, annee_reponse: '2025', territoire: plusieurs territoires, code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R4, annee_reponse: '2025', territoire: hors département, code_departement: '41'}
        - {questionnaire: q2025, reponse_id: R5, annee_reponse: '2025', territoire: Sud, code_departement: '41'}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025, valeur: 0.5, numerateur: 2, denominateur: 4000, effectif: 2}
      - {niveau: territoire, code: Sud, periode: 2025, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 0.8, numerateur: 4, denominateur: 5000, effectif: 4}
--- */
WITH population AS (
  SELECT territoire, sum(population) AS population FROM intermediate.int_communes GROUP BY territoire
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, r.annee_reponse AS periode
  FROM marts.fct_repondants AS r LEFT JOIN ref.departements AS dep USING (code_departement)
    -- Only the real territories have a population (not « plusieurs territoires »).
    LEFT JOIN population AS t ON t.territoire = r.territoire,
    unnest(niveaux(territoire := t.territoire, departement := r.code_departement, departement_nom := dep.nom)) AS n(n)
  WHERE r.territoire <> 'hors département'
),
comptes AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, count(*) AS repondants
  FROM cellules WHERE code IS NOT NULL GROUP BY niveau, code, periode
)
SELECT c.niveau, c.code, c.libelle, c.periode,
  1000.0 * c.repondants / p.population AS valeur, c.repondants AS numerateur, p.population AS denominateur, c.repondants AS effectif
FROM comptes AS c
JOIN (SELECT 'territoire' AS niveau, territoire AS code, population FROM population
      UNION ALL SELECT 'departement', (SELECT code_departement FROM intermediate.int_departement), sum(population) FROM population) AS p
  USING (niveau, code)
