"""The CTDC global synthetic dataset codebook (2024): 27 variables, its age bands and coding
(flags are "1" or empty), and the mapping from HTCDS case facts to it.

Input ("case facts"): a DataFrame with the columns of ``FACT_COLUMNS``; multi-select HTCDS
fields are marker strings ``,Code1,Code2,`` (as Haven stores them), countries ISO 3166 alpha-3.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

VERSION = "ctdc-codebook-2024"

CTDC_VARIABLES: list[str] = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    "meansDebtBondageEarnings",
    "meansThreats",
    "meansAbusePsyPhySex",
    "meansFalsePromises",
    "meansDrugsAlcohol",
    "meansDenyBasicNeeds",
    "meansExcessiveWorkHours",
    "meansWithholdDocs",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
]

FACT_COLUMNS: list[str] = [
    "year",  # year of registration (identification)
    "sex",  # HTCDS gender code
    "age",  # age in years, NaN when unknown
    "citizenship",  # ISO alpha-3 or ""
    "exploitation_country",  # ISO alpha-3 or ""
    "months",  # months from the first trafficking event to identification, NaN when unknown
    "exploitation_types",
    "methods_of_control",
    "industry",
    "sex_exploitation_types",
    "relationship",
]

# CTDC ageBroad: (label, lowest age, highest age)
AGE_BANDS: list[tuple[str, int, int]] = [
    ("0-8", 0, 8),
    ("9-17", 9, 17),
    ("18-20", 18, 20),
    ("21-23", 21, 23),
    ("24-26", 24, 26),
    ("27-29", 27, 29),
    ("30-38", 30, 38),
    ("39-47", 39, 47),
    ("48+", 48, 200),
]
MONTH_BANDS: list[tuple[str, int, int]] = [("0-12", 0, 12), ("13-24", 13, 24), ("25+", 25, 100000)]

GENDER = {
    "Feminine": "Woman",
    "Masculine": "Man",
    "TransgenderFeminine": "Trans/Transgender/NonConforming",
    "TransgenderMasculine": "Trans/Transgender/NonConforming",
    "NonConforming": "Trans/Transgender/NonConforming",
}

# CTDC flag -> (HTCDS field, codes that set it)
FLAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "meansDebtBondageEarnings": (
        "methods_of_control",
        ("DebtBondage", "TakesEarnings", "RestrictsFinancialAccess"),
    ),
    "meansThreats": (
        "methods_of_control",
        ("PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily"),
    ),
    "meansAbusePsyPhySex": (
        "methods_of_control",
        ("PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse"),
    ),
    "meansFalsePromises": ("methods_of_control", ("FalsePromises",)),
    "meansDrugsAlcohol": ("methods_of_control", ("PsychoactiveSubstance",)),
    "meansDenyBasicNeeds": ("methods_of_control", ("WithholdsNecessities", "RestrictsMedicalCare")),
    "meansExcessiveWorkHours": ("methods_of_control", ("ExcessiveWorkingHours",)),
    "meansWithholdDocs": ("methods_of_control", ("WithholdsDocuments",)),
    "isForcedLabour": (
        "exploitation_types",
        ("ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging"),
    ),
    "isSexualExploit": ("exploitation_types", ("SexualExploitation",)),
    "isOtherExploit": (
        "exploitation_types",
        (
            "ForcedMarriage",
            "ForcedMilitaryByNonStateActors",
            "OrganRemoval",
            "ForcedAdoption",
            "Surrogacy",
            "Other",
        ),
    ),
    "typeOfSexProstitution": ("sex_exploitation_types", ("Prostitution",)),
    "typeOfSexPornography": ("sex_exploitation_types", ("Pornography",)),
}
INDUSTRY_FLAGS: dict[str, tuple[str, ...]] = {
    "typeOfLabourAgriculture": ("A_AgricultureForestryAndFishing",),
    "typeOfLabourConstruction": ("F_Construction",),
    "typeOfLabourDomesticWork": ("T_ActivitiesOfHouseholdsAsEmployers",),
    "typeOfLabourHospitality": ("I_AccommodationAndFoodServiceActivities",),
}
RELATION_FLAGS: dict[str, tuple[str, ...]] = {
    "recruiterRelationIntimatePartner": (),  # HTCDS has no intimate-partner value
    "recruiterRelationFriend": ("Acquainted",),
    "recruiterRelationFamily": ("Familial",),
    "recruiterRelationOther": ("Unaquainted",),
}


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return ""


def _categorical(labels: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Per-record labels from per-distinct-value ``labels`` and record ``codes``."""
    label_codes, categories = pd.factorize(pd.Series(labels, dtype=object))
    return pd.Categorical.from_codes(label_codes[codes], categories=categories)


def _bands(values: pd.Series, bands: list[tuple[str, int, int]]) -> pd.Categorical:
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    codes = np.full(len(numbers), len(bands), dtype=np.int64)
    for index, (_label, low, high) in enumerate(bands):
        codes[(numbers >= low) & (numbers <= high)] = index
    return _categorical(np.array([b[0] for b in bands] + [""], dtype=object), codes)


class _Column:
    """A fact column factorised once: functions are applied to its distinct values only."""

    def __init__(self, values: pd.Series) -> None:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.codes = np.where(codes < 0, len(uniques), codes)
        self.uniques = [("" if pd.isna(v) else str(v)) for v in uniques] + [""]

    def apply(self, fn: Any) -> pd.Categorical:
        return _categorical(np.array([fn(v) for v in self.uniques], dtype=object), self.codes)

    def flag(self, test: Any) -> np.ndarray:
        return np.array([bool(test(v)) for v in self.uniques], dtype=bool)[self.codes]


def _flag(mask: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(mask.astype(np.int8), categories=["", "1"])


def _year(text: str) -> str:
    try:
        return str(int(float(text)))
    except ValueError:
        return ""


def _markers(codes: tuple[str, ...]) -> Any:
    wanted = tuple(f",{code}," for code in codes)
    return lambda text: any(m in text for m in wanted)


def to_ctdc(facts: pd.DataFrame) -> pd.DataFrame:
    """One CTDC row per case: every value a string (categorical), flags "1" or empty."""
    missing = [c for c in FACT_COLUMNS if c not in facts.columns]
    if missing:
        raise ValueError(f"missing fact columns: {', '.join(missing)}")
    col = {name: _Column(facts[name]) for name in FACT_COLUMNS if name not in ("age", "months")}
    out: dict[str, object] = {
        "yearOfRegistration": col["year"].apply(_year),
        "gender": col["sex"].apply(lambda v: GENDER.get(v, "")),
        "ageBroad": _bands(facts["age"], AGE_BANDS),
        "citizenship": col["citizenship"].apply(str),
        "CountryOfExploitation": col["exploitation_country"].apply(str),
        "traffickMonths": _bands(facts["months"], MONTH_BANDS),
    }
    for name, (column, codes) in FLAGS.items():
        out[name] = _flag(col[column].flag(_markers(codes)))
    domestic = col["exploitation_types"].flag(_markers(("Servitude",)))
    for name, codes in INDUSTRY_FLAGS.items():
        mask = col["industry"].flag(lambda v, c=codes: v in c)
        out[name] = _flag(mask | domestic if name == "typeOfLabourDomesticWork" else mask)
    for name, codes in RELATION_FLAGS.items():
        out[name] = _flag(col["relationship"].flag(lambda v, c=codes: v in c))
    return pd.DataFrame(out, index=facts.index)[CTDC_VARIABLES]


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def to_csv_bytes(table: pd.DataFrame, chunk: int = 6) -> bytes:
    """The table as CSV (header first), fast on millions of rows: columns are taken a few at
    a time, each distinct combination of their values is written once, and the pieces are
    joined per row. Values are quoted as the csv module would (minimal quoting)."""
    header = ",".join(_quote(str(c)) for c in table.columns) + "\n"
    if not len(table):
        return header.encode("utf-8")
    rows: np.ndarray | None = None
    names = list(table.columns)
    for start in range(0, len(names), chunk):
        key = np.zeros(len(table), dtype=np.int64)
        texts = []
        for column in names[start : start + chunk]:
            codes, uniques = pd.factorize(table[column], use_na_sentinel=True)
            texts.append([_quote(str(v)) for v in uniques] + [""])
            key = key * (len(uniques) + 1) + np.where(codes < 0, len(uniques), codes)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        parts = [np.array(t, dtype=object) for t in texts]
        piece_codes = [
            pd.factorize(table[c], use_na_sentinel=True)[0] for c in names[start : start + chunk]
        ]
        pieces = np.array(
            [
                ",".join(str(parts[i][piece_codes[i][row]]) for i in range(len(parts)))
                for row in first
            ],
            dtype=object,
        )[inverse]
        rows = pieces if rows is None else rows + "," + pieces
    assert rows is not None  # noqa: S101  (the table has columns)
    return (header + "\n".join(rows.tolist()) + "\n").encode("utf-8")
