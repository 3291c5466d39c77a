/* ---
titre: Personnes ayant obtenu l’APA pour 1 000 habitants
definition: Nombre de personnes dont une demande d’allocation personnalisée d’autonomie (APA) a été accordée dans le mois ou l’année de la décision, pour 1 000 habitants (population légale totale), au total, par GIR (du GIR 1, le plus dépendant, au GIR 4 ; les GIR 5 et 6 n’ouvrent pas droit à l’APA) et selon le lieu (domicile, établissement).
unite: personnes pour 1 000 hab.
theme: autonomie
sources: [apa_demandes, territoires]
niveaux: [territoire, departement]
precautions: Ce sont les accords de l’année (entrées et révisions), pas les bénéficiaires payés au 31 décembre que compte la DREES. Le dénominateur est la population totale, faute de population par âge dans le référentiel ; les 60 ans ou plus en sont environ le tiers. Une personne qui obtient deux accords dans la période compte une fois, avec le GIR et le lieu du dernier ; l’année en cours à la date des données est incomplète.
tests:
  - nom: une personne révisée dans l’année comptée une fois, avec son dernier GIR ; un refus ; une décision d’une autre année, comptée aussi dans son mois
    donnees:
      ref.departements:
        - {code_departement: '41', nom: Loir-et-Cher}
      intermediate.int_communes:
        - {code_commune: '41001', nom: A, code_departement: '41', territoire: Nord, population: 1000}
        - {code_commune: '41002', nom: B, code_departement: '41', territoire: Nord, population: 3000}
        - {code_commune: '41003', nom: C, code_departement: '41', territoire: Sud, population: 1000}
      marts.fct_apa_demandes:
        - {demande_id: A1, usager_pseudo: P1, territoire: Nord, code_departement: '41', date_decision: 2025-02-01, mois_decision: null, annee_decision: '2025', lieu: domicile, gir: '4', decision: accordee, date_donnees: 2025-12-31}
        - {demande_id: A2, usager_pseudo: P1, territoire: Nord, code_departement: '41', date_decision: 2025-09-01, mois_decision: null, annee_decision: '2025', lieu: domicile, gir: '2', decision: accordee, date_donnees: 2025-12-31}
        - {demande_id: A3, usager_pseudo: P2, territoire: Nord, code_departement: '41', date_decision: 2025-03-01, mois_decision: null, annee_decision: '2025', lieu: etablissement, gir: '2', decision: accordee, date_donnees: 2025-12-31}
        - {demande_id: A4, usager_pseudo: P3, territoire: Nord, code_departement: '41', date_decision: 2025-03-01, mois_decision: null, annee_decision: '2025', lieu: domicile, gir: '6', decision: refusee, date_donnees: 2025-12-31}
        - {demande_id: A5, usager_pseudo: P4, territoire: Sud, code_departement: '41', date_decision: 2024-05-01, mois_decision: 2024-05, annee_decision: '2024', lieu: domicile, gir: '3', decision: accordee, date_donnees: 2025-12-31}
    attendu:
      - {niveau: territoire, code: Nord, libelle: Nord, periode: 2025, valeur: 0.5, numerateur: 2, denominateur: 4000, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: gir, modalite: gir_2, valeur: 0.5, numerateur: 2, denominateur: 4000, effectif: 2}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: lieu, modalite: domicile, valeur: 0.25, numerateur: 1, denominateur: 4000, effectif: 1}
      - {niveau: territoire, code: Nord, periode: 2025, dimension: lieu, modalite: etablissement, valeur: 0.25, numerateur: 1, denominateur: 4000, effectif: 1}
      - {niveau: territoire, code: Sud, libelle: Sud, periode: 2024, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2024, dimension: gir, modalite: gir_3, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2024, dimension: lieu, modalite: domicile, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025, valeur: 0.4, numerateur: 2, denominateur: 5000, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: gir, modalite: gir_2, valeur: 0.4, numerateur: 2, denominateur: 5000, effectif: 2}
      - {niveau: departement, code: '41', periode: 2025, dimension: lieu, modalite: domicile, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2025, dimension: lieu, modalite: etablissement, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, dimension: gir, modalite: gir_3, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024, dimension: lieu, modalite: domicile, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2024-05, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2024-05, dimension: gir, modalite: gir_3, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: territoire, code: Sud, periode: 2024-05, dimension: lieu, modalite: domicile, valeur: 1, numerateur: 1, denominateur: 1000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-05, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-05, dimension: gir, modalite: gir_3, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
      - {niveau: departement, code: '41', periode: 2024-05, dimension: lieu, modalite: domicile, valeur: 0.2, numerateur: 1, denominateur: 5000, effectif: 1}
--- */
-- A person granted twice in a period (a revision) counts once, with the GIR, place and territory of
-- the latest decision (the request's id breaks a tie of dates). Months as well as years: a year is
-- shown once all its months are (the pages' « dernière année complète »).
WITH accords AS (
  SELECT a.usager_pseudo, p.periode,
    arg_max({territoire: a.territoire, code_departement: a.code_departement, gir: a.gir, lieu: a.lieu}, a.date_decision::VARCHAR || a.demande_id) AS d
  FROM marts.fct_apa_demandes AS a, unnest([a.mois_decision, a.annee_decision]) AS p(periode)
  WHERE a.decision = 'accordee' AND a.date_decision <= a.date_donnees AND p.periode IS NOT NULL
  GROUP BY a.usager_pseudo, p.periode
),
population AS (
  SELECT n.niveau, n.code, sum(c.population) AS population
  FROM intermediate.int_communes AS c,
    unnest(niveaux(territoire := c.territoire, departement := c.code_departement)) AS n(n)
  GROUP BY ALL
),
cellules AS (
  SELECT n.niveau, n.code, n.libelle, a.periode, b.dimension, b.modalite
  FROM accords AS a LEFT JOIN ref.departements AS dep ON dep.code_departement = a.d.code_departement,
    unnest(niveaux(territoire := a.d.territoire, departement := a.d.code_departement, departement_nom := dep.nom)) AS n(n),
    unnest(ventilations(['gir', 'lieu'], ['gir_' || a.d.gir, a.d.lieu])) AS b(b)
),
local AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, count(*) AS personnes
  FROM cellules WHERE code IS NOT NULL AND modalite IS NOT NULL
  GROUP BY niveau, code, periode, dimension, modalite
)
SELECT l.niveau, l.code, l.libelle, l.periode, l.dimension, l.modalite,
  1000.0 * l.personnes / p.population AS valeur, l.personnes AS numerateur, p.population AS denominateur, l.personnes AS effectif
FROM local AS l JOIN population AS p USING (niveau, code)
