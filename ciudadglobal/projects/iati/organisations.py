"""How the registry's kinds of organization and IATI's OrganisationType codes correspond.

The correspondence is not one to one. IATI's type, when a publication gives one, is kept on the
project participation (``ProjectParticipant.organisation_type``) and written back as published;
the kind decides the type only when none was published.
"""

from __future__ import annotations

from ciudadglobal.actors.models import Actor, ActorKind

from ..models import OrganisationType as T

#: The IATI type written for an organization of each kind when none was published.
TYPE_OF_KIND = {
    ActorKind.HOME_GOVERNMENT: T.LOCAL_GOVERNMENT,
    ActorKind.HOME_DEPARTMENT: T.LOCAL_GOVERNMENT,
    ActorKind.BOROUGH: T.LOCAL_GOVERNMENT,
    ActorKind.FOREIGN_LOCAL_GOVERNMENT: T.LOCAL_GOVERNMENT,
    ActorKind.FOREIGN_REGIONAL_GOVERNMENT: T.LOCAL_GOVERNMENT,  # IATI: any sub-national one
    ActorKind.NATIONAL_GOVERNMENT: T.GOVERNMENT,
    ActorKind.EMBASSY: T.GOVERNMENT,
    ActorKind.INTERNATIONAL_ORGANIZATION: T.MULTILATERAL,
    ActorKind.CITY_NETWORK: T.INTERNATIONAL_NGO,  # associations of cities
    ActorKind.CIVIL_SOCIETY: T.NATIONAL_NGO,
    ActorKind.ACADEMIC: T.ACADEMIC,
    ActorKind.COMPANY: T.PRIVATE_SECTOR,
    ActorKind.FOUNDATION: T.FOUNDATION,
}

#: The kind given to an organization an import creates, by its published IATI type. A missing
#: type, or "Other" (90), gives a civil-society organization: the registry has no "other" kind,
#: and the import report counts those.
KIND_OF_TYPE = {
    T.GOVERNMENT: ActorKind.NATIONAL_GOVERNMENT,
    T.LOCAL_GOVERNMENT: ActorKind.FOREIGN_LOCAL_GOVERNMENT,
    T.OTHER_PUBLIC_SECTOR: ActorKind.NATIONAL_GOVERNMENT,
    T.INTERNATIONAL_NGO: ActorKind.CIVIL_SOCIETY,
    T.NATIONAL_NGO: ActorKind.CIVIL_SOCIETY,
    T.REGIONAL_NGO: ActorKind.CIVIL_SOCIETY,
    T.PARTNER_COUNTRY_NGO: ActorKind.CIVIL_SOCIETY,
    T.PUBLIC_PRIVATE_PARTNERSHIP: ActorKind.COMPANY,
    T.MULTILATERAL: ActorKind.INTERNATIONAL_ORGANIZATION,
    T.FOUNDATION: ActorKind.FOUNDATION,
    T.PRIVATE_SECTOR: ActorKind.COMPANY,
    T.PRIVATE_SECTOR_PROVIDER: ActorKind.COMPANY,
    T.PRIVATE_SECTOR_RECIPIENT: ActorKind.COMPANY,
    T.PRIVATE_SECTOR_THIRD: ActorKind.COMPANY,
    T.ACADEMIC: ActorKind.ACADEMIC,
}
FALLBACK_KIND = ActorKind.CIVIL_SOCIETY


def organisation_type(actor: Actor, published: str = "") -> str:
    """The IATI type to write for ``actor``: the published one, else the one of its kind."""
    return published or TYPE_OF_KIND.get(actor.kind, "")


def name_key(name: str) -> str:
    """Names compared for matching: case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()
