"""Materials: the documents and pictures a unit uploads per nomination and per unit."""
