select * from classements
