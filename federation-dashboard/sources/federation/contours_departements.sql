select * from contours_departements
