"""The shapes of a synthetic registry, counted from the Mexico City dataset (``data/cdmx/``).

Each table below is the count found in the dataset (``tests/synthetic/test_distributions.py``
counts them again from the YAML files, so a change of the data shows here). Where the dataset
says nothing — it holds only reviewed, public records — the assumption is written beside it.
"""

from __future__ import annotations

#: Records per home government at scale 1: the reference network of issue 9 (1,000
#: governments, 200,000 actors, 100,000 agreements, 1,000,000 activities). Projects and
#: network memberships keep their Mexico City ratio to agreements (10 : 59, 14 : 59).
PER_GOVERNMENT = {
    "actors": 200,
    "agreements": 100,
    "activities": 1000,
    "projects": 17,
    "network_memberships": 14,
}

#: Actor kinds of data/cdmx (the home government's own actor left out: one per government).
ACTOR_KINDS = {
    "foreign_local": 51,
    "home_department": 44,
    "international_org": 21,
    "national_government": 20,
    "city_network": 16,
    "civil_society": 15,
    "company": 8,
    "foreign_regional": 5,
    "embassy": 1,
    "foundation": 1,
}

AGREEMENT_KINDS = {
    "framework": 22,
    "specific_cooperation": 17,
    "twinning": 16,
    "collaboration": 2,
    "friendship": 1,
    "memorandum": 1,
}
#: Agreements: 31 of 59 signed on an unknown date; the other 28 dated to the year.
AGREEMENT_SIGNED_UNKNOWN = 31 / 59
AGREEMENT_SIGNED_YEARS = {
    1977: 1, 1999: 1, 2005: 1, 2007: 1, 2008: 1, 2009: 1, 2010: 3, 2011: 1,
    2013: 1, 2014: 7, 2015: 3, 2016: 4, 2017: 3,
}  # fmt: skip
AGREEMENT_WITH_DEPARTMENT = 39 / 59
AGREEMENT_WITH_THEMES = 42 / 59
AGREEMENT_TWO_PARTIES = 2 / 59

ACTIVITY_KINDS = {
    "incoming_visit": 44,
    "forum": 12,
    "event_abroad": 11,
    "official_trip": 10,
    "declaration": 10,
    "cultural_diplomacy": 10,
    "event_hosted": 9,
    "campaign": 2,
    "services_fair": 1,
}
#: Activities: 90 of 109 dated; the year of those dated, and the precision of the date.
ACTIVITY_WITH_START = 90 / 109
ACTIVITY_START_YEARS = {2010: 5, 2013: 6, 2014: 18, 2015: 9, 2016: 15, 2017: 12, 2018: 25}
DATE_PRECISION = {"month": 55, "year": 22, "day": 13}
ACTIVITY_WITH_PLACES = 85 / 109
ACTIVITY_WITH_DEPARTMENTS = 81 / 109
ACTIVITY_WITH_PARTICIPANTS = 67 / 109
ACTIVITY_WITH_THEMES = 59 / 109
ACTIVITY_WITH_COUNTERPARTS = 53 / 109
ACTIVITY_WITH_NETWORKS = 12 / 109

#: Projects: IATI status codes of data/cdmx (an unset status is the default, "2").
PROJECT_STATUSES = {"2": 7, "4": 3}

#: Visibility and review state. Assumption: data/cdmx holds only reviewed data (all 183
#: actors, 59 agreements and 109 activities are public and published), while a live registry
#: also holds internal records and work in progress; one record in ten is kept off the public
#: side so that every public page and count is measured with the filter doing real work.
VISIBILITY_STATES = {
    ("public", "published"): 90,
    ("internal", "published"): 4,
    ("public", "draft"): 3,
    ("public", "submitted"): 2,
    ("internal", "returned"): 1,
}

#: Mexico City's theme taxonomy (data/cdmx), Spanish and English.
THEMES = [
    ("Cultura", "Culture"),
    ("Educación", "Education"),
    ("Turismo", "Tourism"),
    ("Desarrollo económico", "Economic development"),
    ("Medio ambiente", "Environment"),
    ("Salud", "Health"),
    ("Desarrollo urbano", "Urban development"),
    ("Movilidad", "Mobility"),
    ("Desarrollo social", "Social development"),
    ("Agua", "Water"),
    ("Seguridad", "Security"),
    ("Resiliencia", "Resilience"),
    ("Innovación y ciencia", "Innovation and science"),
    ("Derechos humanos e inclusión", "Human rights and inclusion"),
    ("Igualdad de género", "Gender equality"),
    ("Gobernanza y gestión pública", "Governance and public management"),
    ("Patrimonio histórico", "Historic heritage"),
    ("Espacio público", "Public space"),
    ("Deporte", "Sport"),
    ("Migración", "Migration"),
    ("Paz y democracia", "Peace and democracy"),
    ("Internacionalización de ciudades", "Internationalization of cities"),
]

#: City networks and international organizations named in data/cdmx, reused by name (a
#: government with more of them numbers the rest).
NETWORKS = [
    "C40", "CGLU", "UCCI", "Metropolis", "ICLEI", "Mercociudades", "AL-LAs", "CIDEU",
    "FLACMA", "Ciudades Educadoras", "100 Ciudades Resilientes", "OCPM", "Eurocities",
    "Red de Ciudades Creativas", "Pacto Global de Alcaldes", "Ciudades por la Vida",
]  # fmt: skip
INTERNATIONAL_ORGS = [
    "ONU-Hábitat", "UNESCO", "PNUD", "UNICEF", "OMS", "OPS", "Banco Mundial", "BID", "CEPAL",
    "OCDE", "Unión Europea", "FAO", "OIT", "ACNUR", "OIM", "ONU Mujeres", "CAF", "PNUMA",
    "UNODC", "OEA", "SEGIB",
]  # fmt: skip
