/* ---
titre: Délai avant le premier rendez-vous pour 9 demandes sur 10
definition: Nombre de jours (90e centile) en deçà duquel 90 % des demandes ayant obtenu un rendez-vous l’ont eu, par mois de la demande.
unite: jours
theme: delais
sources: [sls_demandes, sites]
niveaux: [site, territoire, departement]
precautions: Les demandes encore en attente ne sont pas comptées ici ; elles le sont dans « demandes en attente » et « ancienneté médiane des demandes en attente ».
secret_base: "demandes_avec_rdv"
--- */
-- quantile_cont read off the distribution of delays: the values of rank floor and ceil of
-- (n - 1) × q, linearly interpolated, exactly as DuckDB's quantile_cont(delai, 0.9) would give.
WITH cumuls AS (
  SELECT *, sum(demandes) OVER (PARTITION BY niveau, code, periode, dimension, modalite ORDER BY delai_jours) AS cumul,
    sum(demandes) OVER (PARTITION BY niveau, code, periode, dimension, modalite) AS total
  FROM intermediate.int_delais_rdv
),
rangs AS (
  SELECT niveau, code, any_value(libelle) AS libelle, periode, dimension, modalite, any_value(total) AS effectif,
    (any_value(total) - 1) * 0.9 AS rang,
    min(delai_jours) FILTER (WHERE cumul > floor((total - 1) * 0.9)) AS bas,
    min(delai_jours) FILTER (WHERE cumul > ceil((total - 1) * 0.9)) AS haut
  FROM cumuls
  GROUP BY niveau, code, periode, dimension, modalite
)
SELECT niveau, code, libelle, periode, dimension, modalite,
  bas + (rang - floor(rang)) * (haut - bas) AS valeur, effectif
FROM rangs
