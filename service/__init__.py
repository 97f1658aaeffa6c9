"""plankg service: store, SPARQL endpoint, REST API and command line."""
