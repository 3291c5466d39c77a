select * from paquets
