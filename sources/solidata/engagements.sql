select * from engagements
