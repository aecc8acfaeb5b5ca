"""newskg: news articles about armed conflict in, ontology-shaped RDF out."""

__version__ = "0.1.0"
