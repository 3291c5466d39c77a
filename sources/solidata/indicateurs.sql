select * from indicateurs
