-- The frozen editions (solidata freeze) and how many cells each holds. Evidence writes no data file
-- for a source with no rows, and the page's query then fails: with no edition frozen, one row whose
-- edition is NULL stands for « none ».
select e.edition, e.gelee_le, e.livraisons,
  (select count(*) from indicateurs_editions i where i.edition = e.edition) as cases
from editions e
union all
select NULL, NULL, NULL, 0 where not exists (select 1 from editions)
order by gelee_le desc nulls last
