-- The frozen editions (solidata freeze) and how many cells each holds; none until the first freeze.
select e.edition, e.gelee_le, e.livraisons,
  (select count(*) from indicateurs_editions i where i.edition = e.edition) as cases
from editions e
order by gelee_le desc
