select * from livraisons
