"""Generalisation hierarchies of the CTDC quasi-identifiers.

Each hierarchy is a list of levels; level 0 keeps the value, each next level maps the
original value to a coarser one; the last level is always "" (the value suppressed).
Countries generalise to their UN M49 region, then to nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_REGIONS = {
    "Africa": (
        "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB "
        "GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MYT MAR MOZ NAM NER NGA REU RWA SHN STP "
        "SEN SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ESH ZMB ZWE IOT ATF"
    ),
    "Americas": (
        "AIA ATG ARG ABW BHS BRB BLZ BMU BOL BES BRA VGB CAN CYM CHL COL CRI CUB CUW DMA DOM ECU "
        "SLV FLK GUF GRL GRD GLP GTM GUY HTI HND JAM MTQ MEX MSR NIC PAN PRY PER PRI BLM KNA LCA "
        "MAF SPM VCT SXM SUR TTO TCA USA URY VEN VIR BVT SGS UMI"
    ),
    "Asia": (
        "AFG ARM AZE BHR BGD BTN BRN KHM CHN CYP GEO HKG IND IDN IRN IRQ ISR JPN JOR KAZ PRK KOR "
        "KWT KGZ LAO LBN MAC MYS MDV MNG MMR NPL OMN PAK PSE PHL QAT SAU SGP LKA SYR TWN TJK THA "
        "TLS TUR TKM ARE UZB VNM YEM"
    ),
    "Europe": (
        "ALA ALB AND AUT BLR BEL BIH BGR HRV CZE DNK EST FRO FIN FRA DEU GIB GRC GGY VAT HUN ISL "
        "IRL IMN ITA JEY XKX LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB "
        "SVK SVN ESP SJM SWE CHE UKR GBR"
    ),
    "Oceania": (
        "ASM AUS CXR CCK COK FJI PYF GUM HMD KIR MHL FSM NRU NCL NZL NIU NFK MNP PLW PNG PCN WSM "
        "SLB TKL TON TUV VUT WLF"
    ),
}
REGION_OF: dict[str, str] = {
    code: region for region, codes in _REGIONS.items() for code in codes.split()
}

_AGE_GROUP = {
    "0-8": "0-17",
    "9-17": "0-17",
    "18-20": "18-29",
    "21-23": "18-29",
    "24-26": "18-29",
    "27-29": "18-29",
    "30-38": "30-47",
    "39-47": "30-47",
    "48+": "48+",
}


def region(code: str) -> str:
    return REGION_OF.get(code, "Other region") if code else ""


def _age_group(value: str) -> str:
    return _AGE_GROUP.get(value, "")


def _child_or_adult(value: str) -> str:
    group = _AGE_GROUP.get(value, "")
    if not group:
        return ""
    return "0-17" if group == "0-17" else "18+"


def _five_years(value: str) -> str:
    if not value.isdigit():
        return ""
    start = int(value) - int(value) % 5
    return f"{start}-{start + 4}"


def _keep(value: str) -> str:
    return value


def _drop(value: str) -> str:
    return ""


@dataclass(frozen=True)
class Hierarchy:
    """Level names (for the report) and one mapping per level (level 0 keeps the value)."""

    names: tuple[str, ...]
    levels: tuple[Callable[[str], str], ...]

    @property
    def height(self) -> int:
        return len(self.levels) - 1


HIERARCHIES: dict[str, Hierarchy] = {
    "yearOfRegistration": Hierarchy(
        ("year", "five-year period", "suppressed"), (_keep, _five_years, _drop)
    ),
    "gender": Hierarchy(("gender", "suppressed"), (_keep, _drop)),
    "ageBroad": Hierarchy(
        ("age band", "age group", "child or adult", "suppressed"),
        (_keep, _age_group, _child_or_adult, _drop),
    ),
    "citizenship": Hierarchy(("country", "region", "suppressed"), (_keep, region, _drop)),
    "CountryOfExploitation": Hierarchy(("country", "region", "suppressed"), (_keep, region, _drop)),
    "traffickMonths": Hierarchy(("months band", "suppressed"), (_keep, _drop)),
}


def hierarchy_for(column: str) -> Hierarchy:
    """The hierarchy of a CTDC column; any other column (e.g. a flag) is kept or dropped."""
    return HIERARCHIES.get(column, Hierarchy(("value", "suppressed"), (_keep, _drop)))
