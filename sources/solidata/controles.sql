select * from controles
