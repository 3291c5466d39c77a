-- The regional totals of the ranked cells only (the whole table has every month and breakdown).
select t.* from totaux_regionaux t
where t.dimension = '' and exists (select 1 from classements c where c.indicateur = t.indicateur and c.periode = t.periode)
