"""plankg loaders: action-plan documents -> plan model -> RDF."""
