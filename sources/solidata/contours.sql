select * from contours
