-- The frozen editions (solidata freeze) and how many cells each holds.
select e.edition, e.gelee_le, e.livraisons,
  (select count(*) from indicateurs_editions i where i.edition = e.edition) as cases
from editions e
order by e.gelee_le desc
