/* ---
titre: Part de la population à 30 minutes par la route d’un lieu d’accueil
definition: "Part de la population (légale, au centre de sa commune) qui atteint un lieu d’accueil ouvert en moins de 30 minutes (seuil réglé par l’observatoire), par la route (ligne droite, détour compris, 60 km/h), le jour étudié, au total et par type de lieu."
unite: "%"
sens: hausse
theme: proximite
sources: [sites, territoires]
niveaux: [commune, territoire, departement]
precautions: "La population est placée au centre de sa commune (ou dans la grille INSEE de 200 m quand elle est donnée) ; les unités mobiles ne comptent qu’à leurs arrêts, les jours et heures où elles y sont. La période est le jour étudié (un mardi ordinaire de la fiche horaire, 8 h–10 h par défaut)."
tests:
  - nom: ses lignes de marts.accessibilite, pas celles d’un autre mode
    donnees:
      marts.accessibilite:
        - {indicateur: part_population_proche_route, niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-02-25, dimension: '', modalite: '', valeur: 50, numerateur: 500, denominateur: 1000}
        - {indicateur: part_population_proche_route, niveau: departement, code: '41', libelle: Loir-et-Cher, periode: 2025-02-25, dimension: type_lieu, modalite: maison_departementale, valeur: 25, numerateur: 500, denominateur: 2000}
        - {indicateur: part_population_proche_a_pied, niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-02-25, dimension: '', modalite: '', valeur: 100, numerateur: 1000, denominateur: 1000}
    attendu:
      - {niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-02-25, valeur: 50, numerateur: 500, denominateur: 1000, effectif: null}
      - {niveau: departement, code: '41', periode: 2025-02-25, dimension: type_lieu, modalite: maison_departementale, valeur: 25, numerateur: 500, denominateur: 2000, effectif: null}
--- */
SELECT niveau, code, libelle, periode, dimension, modalite, valeur, numerateur, denominateur, effectif
FROM marts.accessibilite
WHERE indicateur = 'part_population_proche_route'
