"""IRIs of the vocabularies newskg writes.

The ontology namespace is fixed so that queries and shapes never depend on a deployment;
instance IRIs live under a base that the operator chooses (see :mod:`kg.config`).
"""

ONTOLOGY = "https://w3id.org/newskg/ontology#"
STANCE = "https://w3id.org/newskg/stance/"
ROLE = "https://w3id.org/newskg/role/"
KIND = "https://w3id.org/newskg/kind/"
EVTYPE = "https://w3id.org/newskg/event-type/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
DCTERMS = "http://purl.org/dc/terms/"
WIKIDATA = "http://www.wikidata.org/entity/"

PREFIXES = {
    "nkg": ONTOLOGY,
    "stance": STANCE,
    "role": ROLE,
    "kind": KIND,
    "evtype": EVTYPE,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "org": ORG,
    "sem": SEM,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "dcterms": DCTERMS,
    "wd": WIKIDATA,
}
