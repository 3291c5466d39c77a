select * from catalogue
