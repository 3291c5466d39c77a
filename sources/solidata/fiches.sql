select * from fiches order by theme, indicateur
