select * from dictionnaire
