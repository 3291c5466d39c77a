/* ---
description: Le dernier résultat de chaque contrôle de chaque actif, pour la page sur la qualité des données (jamais de valeurs de lignes).
columns:
  actif: L’actif contrôlé (ex. marts.fct_demandes).
  controle: Le contrôle (ex. unique(demande_id)).
  gravite: erreur (arrête ce qui en dépend) ou avertissement (publié seulement).
  reussi: Vrai si le contrôle est passé.
  message: Ce qui ne va pas, quand il a échoué.
  verifie_le: Date et heure du contrôle.
--- */
-- For the data-quality page: the latest result of each check of each asset (never row values).
SELECT actif, controle, gravite, reussi, CASE WHEN reussi THEN NULL ELSE message END AS message, verifie_le
FROM meta.controles
QUALIFY row_number() OVER (PARTITION BY actif, controle ORDER BY verifie_le DESC) = 1
ORDER BY reussi, gravite, actif, controle
