"""Pure anonymisation engine (no Django): the CTDC codebook and its mapping from case facts
(``ctdc``), generalisation hierarchies (``hierarchies``) and k-anonymity by generalisation and
suppression (``kanon``)."""

from haven.stats.anonymise.ctdc import CTDC_VARIABLES, FACT_COLUMNS, to_ctdc
from haven.stats.anonymise.kanon import (
    DEFAULT_K,
    DEFAULT_QUASI_IDENTIFIERS,
    Anonymised,
    anonymise,
    smallest_class,
)

__all__ = [
    "CTDC_VARIABLES",
    "DEFAULT_K",
    "DEFAULT_QUASI_IDENTIFIERS",
    "FACT_COLUMNS",
    "Anonymised",
    "anonymise",
    "smallest_class",
    "to_ctdc",
]
