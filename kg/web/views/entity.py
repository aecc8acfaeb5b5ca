"""What the exploration views add to an entity's page: its figures over time, and for a place a map.

Called by the linked-data page of a resource (kg/web/linkeddata/resource_page.py); a place is a
``nkg:Country`` or ``nkg:Location`` (figures about it, or about places of that country), an actor
any other entity (figures it gave, that are about it, or that count it).
"""

from __future__ import annotations

from kg.namespaces import ONTOLOGY

PLACES = {ONTOLOGY + "Country", ONTOLOGY + "Location"}
ACTORS = {ONTOLOGY + t for t in ("Person", "Organization", "MilitaryUnit")}


def entity_sections(iri: str, types: set[str]) -> dict:
    """``{"figures": …, "map": …}`` contexts for the page of ``iri`` (None where they do not apply)."""
    from .figures import figures_context
    from .maps import map_context

    sections = {"figures": None, "map": None}
    if types & PLACES:
        figures = figures_context(place=iri)
        sections["map"] = map_context(within=iri if ONTOLOGY + "Country" in types else None, focus=iri)
    elif types & ACTORS:
        figures = figures_context(actor=iri)
    else:
        return sections
    if figures["figures"]:
        sections["figures"] = figures
    return sections
