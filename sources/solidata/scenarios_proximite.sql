select * from scenarios_proximite
