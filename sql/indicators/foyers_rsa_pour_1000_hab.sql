/* ---
titre: Foyers allocataires du RSA pour 1 000 habitants
definition: Foyers allocataires du RSA payés par la CAF pour 1 000 habitants (population légale), par mois, d’après les livraisons de la CAF ; la comparaison avec la France et les autres départements se fait sur les chiffres de la DREES, présentés à côté.
unite: foyers pour 1 000 hab.
theme: acces_droits
sources: [caf_allocataires, territoires]
niveaux: [commune, territoire, departement]
precautions: La CAF arrondit ses comptes à 5 et masque les petites communes ; les totaux par territoire et département ne comptent que les communes non masquées et sont donc un peu sous-estimés. Les allocataires de la MSA ne sont pas comptés.
secret_base: "caf_foyers[prestation=RSA]"
tests:
  - nom: la part RSA de allocataires_pour_1000_hab, sans ventilation
    donnees:
      indicators.allocataires_pour_1000_hab:
        - {niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-01, dimension: prestation, modalite: RSA, valeur: 10, numerateur: 10, denominateur: 1000, effectif: 10}
        - {niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-01, dimension: prestation, modalite: PPA, valeur: 5, numerateur: 5, denominateur: 1000, effectif: 5}
    attendu:
      - {niveau: commune, code: '41001', libelle: Aulnay, periode: 2025-01, valeur: 10, numerateur: 10, denominateur: 1000, effectif: 10}
--- */
-- The RSA part of allocataires_pour_1000_hab, as an indicator of its own (the key figure of take-up).
SELECT niveau, code, libelle, periode, valeur, numerateur, denominateur, effectif
FROM indicators.allocataires_pour_1000_hab
WHERE dimension = 'prestation' AND modalite = 'RSA'
