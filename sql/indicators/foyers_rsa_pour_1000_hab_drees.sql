/* ---
titre: Foyers allocataires du RSA pour 1 000 habitants (DREES)
definition: Foyers allocataires du RSA recensés par la DREES pour 1 000 habitants, par département et pour la France, dernier mois publié par la DREES ; la France rassemble les départements présents dans la série, rapportés à leur seule population.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [drees]
niveaux: [departement, france]
precautions: Série de la DREES, distincte des livraisons de la CAF (autre date, autre champ) ; les départements absents du mois sont nommés dans le libellé de la ligne France, et un mois provisoire est marqué dans le libellé.
tests:
  - nom: la part RSA de allocataires_pour_1000_hab_drees, sans ventilation
    donnees:
      indicators.allocataires_pour_1000_hab_drees:
        - {niveau: france, code: FR, libelle: France, periode: 2025-02, dimension: prestation, modalite: RSA, valeur: 13.5, numerateur: 13500, denominateur: 1000000, effectif: 13500}
        - {niveau: france, code: FR, libelle: France, periode: 2025-02, dimension: prestation, modalite: AAH, valeur: 2, numerateur: 2000, denominateur: 1000000, effectif: 2000}
    attendu:
      - {niveau: france, code: FR, libelle: France, periode: 2025-02, valeur: 13.5, numerateur: 13500, denominateur: 1000000, effectif: 13500}
--- */
-- The RSA part of allocataires_pour_1000_hab_drees, as an indicator of its own.
SELECT niveau, code, libelle, periode, valeur, numerateur, denominateur, effectif
FROM indicators.allocataires_pour_1000_hab_drees
WHERE dimension = 'prestation' AND modalite = 'RSA'
