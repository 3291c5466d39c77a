-- For the data-quality page: the latest result of each check of each asset (never row values).
SELECT actif, controle, gravite, reussi, CASE WHEN reussi THEN NULL ELSE message END AS message, verifie_le
FROM meta.controles
QUALIFY row_number() OVER (PARTITION BY actif, controle ORDER BY verifie_le DESC) = 1
ORDER BY reussi, gravite, actif, controle
