"""The pure anonymisation engine: CTDC mapping and k-anonymity, checked independently
(every combination of quasi-identifiers at least k times, by pandas and by pycanon)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pycanon import anonymity

from haven.stats.anonymise import (
    CTDC_VARIABLES,
    DEFAULT_QUASI_IDENTIFIERS,
    FACT_COLUMNS,
    anonymise,
    to_ctdc,
)
from haven.stats.anonymise.ctdc import age_band

QIS = list(DEFAULT_QUASI_IDENTIFIERS)


def skewed_facts(n: int, seed: int = 7) -> pd.DataFrame:
    """Heavily skewed data: a few common profiles and a long tail of rare countries/ages."""
    rng = np.random.default_rng(seed)
    countries = np.array(["CHN", "VNM", "MMR", "DEU", "ROU", "PHL", "NGA", "BRA", "ISL", "FJI"])
    weights = np.array([0.55, 0.2, 0.1, 0.05, 0.04, 0.02, 0.015, 0.01, 0.01, 0.005])
    return pd.DataFrame(
        {
            "year": rng.choice(
                [2019, 2020, 2021, 2022, 2023, 2024], n, p=[0.02, 0.03, 0.05, 0.1, 0.3, 0.5]
            ),
            "sex": rng.choice(
                ["Feminine", "Masculine", "NonConforming", "NonSpecifiedUnknown"],
                n,
                p=[0.7, 0.27, 0.01, 0.02],
            ),
            "age": np.where(rng.random(n) < 0.05, np.nan, rng.integers(3, 80, n)),
            "citizenship": rng.choice(countries, n, p=weights),
            "exploitation_country": rng.choice(countries, n, p=weights[::-1] / weights.sum()),
            "months": np.where(rng.random(n) < 0.2, np.nan, rng.integers(0, 60, n)),
            "exploitation_types": rng.choice([",ForcedLabour,", ",SexualExploitation,", ""], n),
            "methods_of_control": rng.choice(
                [",DebtBondage,", ",PhysicalThreats,TakesEarnings,"], n
            ),
            "industry": rng.choice(
                ["F_Construction", "", "T_ActivitiesOfHouseholdsAsEmployers"], n
            ),
            "sex_exploitation_types": rng.choice(["", ",Prostitution,"], n),
            "relationship": rng.choice(["Familial", "Acquainted", "Unaquainted", ""], n),
        }
    )[FACT_COLUMNS]


def independent_min_class(table: pd.DataFrame, k: int) -> int:
    """Group by the quasi-identifiers as they are written (empty = suppressed value)."""
    text = table[QIS].fillna("").astype(str)
    return int(text.value_counts().min()) if len(text) else k


@pytest.mark.parametrize(("n", "k"), [(50, 11), (500, 11), (5000, 11), (5000, 5), (20000, 25)])
def test_result_is_k_anonymous_on_skewed_data(n, k):
    result = anonymise(to_ctdc(skewed_facts(n)), k=k)
    table = result.table
    assert independent_min_class(table, k) >= k
    if len(table):
        assert anonymity.k_anonymity(table.fillna(""), QIS) >= k
    report = result.report
    assert report["records_in"] == n
    assert report["records_out"] == len(table)
    assert report["records_out"] + report["suppressed_records"] == n
    for name in QIS:
        assert sum(report["generalised"][name].values()) == len(table)


def test_large_skewed_data_keeps_most_records():
    result = anonymise(to_ctdc(skewed_facts(20000)), k=11)
    assert result.report["records_out"] >= 0.95 * 20000
    assert independent_min_class(result.table, 11) >= 11


def test_too_few_records_are_all_suppressed():
    result = anonymise(to_ctdc(skewed_facts(8)), k=11)
    assert result.table.empty
    assert result.report["suppressed_records"] == 8


def test_identical_records_need_no_change():
    facts = pd.concat([skewed_facts(1)] * 12, ignore_index=True)
    result = anonymise(to_ctdc(facts), k=11)
    assert len(result.table) == 12
    assert all(
        list(levels) == [next(iter(levels))] for levels in result.report["generalised"].values()
    )


def test_empty_input():
    result = anonymise(to_ctdc(skewed_facts(0)), k=11)
    assert result.table.empty
    assert result.report["records_in"] == 0


def test_ctdc_mapping_has_the_27_codebook_variables_coded_one_or_empty():
    facts = skewed_facts(200)
    table = to_ctdc(facts)
    assert list(table.columns) == CTDC_VARIABLES
    assert len(CTDC_VARIABLES) == 27
    flags = table.columns[6:]
    assert set(np.unique(table[flags].to_numpy())) <= {"1", ""}
    assert set(table["gender"]) <= {"Woman", "Man", "Trans/Transgender/NonConforming", ""}
    assert set(table["traffickMonths"]) <= {"0-12", "13-24", "25+", ""}


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-8"),
        (8, "0-8"),
        (9, "9-17"),
        (17, "9-17"),
        (18, "18-20"),
        (29, "27-29"),
        (30, "30-38"),
        (47, "39-47"),
        (48, "48+"),
        (90, "48+"),
        (None, ""),
    ],
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_one_row_mapping():
    facts = pd.DataFrame(
        [
            {
                "year": 2023,
                "sex": "Masculine",
                "age": 16,
                "citizenship": "MMR",
                "exploitation_country": "THA",
                "months": 14,
                "exploitation_types": ",ForcedLabour,Other,",
                "methods_of_control": ",WithholdsDocuments,PhysicalThreats,",
                "industry": "A_AgricultureForestryAndFishing",
                "sex_exploitation_types": "",
                "relationship": "Familial",
            }
        ]
    )
    row = to_ctdc(facts).iloc[0]
    assert (row["yearOfRegistration"], row["gender"], row["ageBroad"]) == ("2023", "Man", "9-17")
    assert (row["citizenship"], row["CountryOfExploitation"]) == ("MMR", "THA")
    assert row["traffickMonths"] == "13-24"
    ones = {name for name in CTDC_VARIABLES[6:] if row[name] == "1"}
    assert ones == {
        "meansWithholdDocs",
        "meansThreats",
        "isForcedLabour",
        "isOtherExploit",
        "typeOfLabourAgriculture",
        "recruiterRelationFamily",
    }


def test_bad_arguments():
    with pytest.raises(ValueError, match="quasi-identifiers"):
        anonymise(pd.DataFrame({"a": [1]}), quasi_identifiers=["nope"])
    with pytest.raises(ValueError, match="fact columns"):
        to_ctdc(pd.DataFrame({"year": [2020]}))
