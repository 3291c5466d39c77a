-- Places and distances, shared by the proximity and opening-hours indicators.

-- Open on a given day: opened by then (or no opening date) and not yet closed.
CREATE OR REPLACE MACRO ouvert_le(date_ouverture, date_fermeture, jour) AS
  (date_ouverture IS NULL OR date_ouverture <= jour) AND (date_fermeture IS NULL OR date_fermeture > jour);

-- Open on Saturday: « sam » among the days (lun,mar,…).
CREATE OR REPLACE MACRO ouvre_le_samedi(jours) AS list_contains(string_split(coalesce(jours, ''), ','), 'sam');

-- Open in the evening: a time range (09:00-12:00/14:00-19:00) that ends after 18:00.
CREATE OR REPLACE MACRO ouvre_le_soir(horaires) AS
  list_bool_or(list_transform(string_split(coalesce(horaires, ''), '/'), (p) -> split_part(p, '-', 2) > '18:00'));

-- Equirectangular distance in km between two points (latitude, longitude): exact enough within a département.
CREATE OR REPLACE MACRO distance_km(lat_a, lon_a, lat_b, lon_b) AS
  6371 * sqrt(pow(radians(lon_a - lon_b) * cos(radians((lat_a + lat_b) / 2)), 2) + pow(radians(lat_a - lat_b), 2));
