"""Profiles: the page behind a resource's URI, as a person reads it. An organisation, a
building block, a standard and a supplier each get a profile of their own; anything else gets
the generic page (``resource``). Each is a plain dataclass gathered by stored queries bound to
the one resource, so that a page stays small on a national store."""

from dataclasses import replace

from ndsgraph.profiles.building_block import BuildingBlockProfile, building_block
from ndsgraph.profiles.organisation import OrganisationProfile, organisation
from ndsgraph.profiles.resource import Resource, referenced, resource
from ndsgraph.profiles.standard import StandardProfile, standard
from ndsgraph.profiles.supplier import SupplierProfile, supplier
from ndsgraph.store import Store
from ndsgraph.together import together
from ndsgraph.vocabulary import NDSG, ORG

Profile = Resource | OrganisationProfile | BuildingBlockProfile | StandardProfile | SupplierProfile

# by type, the first that fits: a supplier and a partner are organisations too; and whether
# the page shows what refers to the resource
_PROFILES = (
    (NDSG.Supplier.value, supplier, False),
    (NDSG.BuildingBlock.value, building_block, True),
    (NDSG.Standard.value, standard, False),
    (ORG.Organization.value, organisation, True),
    (NDSG.ImplementingPartner.value, organisation, True),
)

__all__ = [
    "BuildingBlockProfile",
    "OrganisationProfile",
    "Profile",
    "Resource",
    "StandardProfile",
    "SupplierProfile",
    "profile",
]


def profile(store: Store, iri: str, language: str) -> Profile:
    """The page of ``iri`` in ``language``: the profile of its kind, or the generic page."""
    about = resource(store, iri, language, referred=False)
    fits = [(gather, referred) for kind, gather, referred in _PROFILES if kind in about.types]
    if not fits:
        return referenced(store, about, language)
    gather, referred = fits[0]
    if not referred:
        return gather(store, about, language)
    references, found = together(  # what refers to it read beside the profile's own reads
        lambda: referenced(store, about, language), lambda: gather(store, about, language)
    )
    return replace(found, about=references, names={**references.names, **found.names})
