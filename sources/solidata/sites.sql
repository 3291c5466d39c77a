select * from sites
