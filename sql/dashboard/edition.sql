-- A copy of the published database as a frozen edition shows it, for printing that edition: its
-- cells and engagements as published today (protected with today's secrecy, see publish.ts) in
-- place of today's, and only the deliveries its figures came from. The other tables (places,
-- communes, catalogue, checks) are today's. Variables: edition (its name), livraisons (the SHA-256
-- of its deliveries, from its manifest).
DELETE FROM indicateurs;
INSERT INTO indicateurs BY NAME
  SELECT * EXCLUDE (edition) FROM indicateurs_editions WHERE edition = getvariable('edition');
DELETE FROM engagements;
INSERT INTO engagements BY NAME
  SELECT * EXCLUDE (edition) FROM engagements_editions WHERE edition = getvariable('edition');
DELETE FROM livraisons WHERE NOT list_contains(getvariable('livraisons'), sha256);
UPDATE livraisons SET active = true;
