"""The coder built straight from the files in `talent/data/` (CSCO 2022), for benchmarks and scripts.

Django-free; inside the product `talent.coding.suggest` builds the coder from the database instead.
"""

from __future__ import annotations

import csv
from functools import cache

from talent.coding.coder import TitleCoder
from talent.coding.evidence import Evidence, read_evidence
from talent.coding.generic import group_config
from talent.coding.text import DATA_DIR

__all__ = ["built_in_coder", "built_in_evidence"]


@cache
def built_in_evidence() -> dict[str, Evidence]:
    """Definitions, tasks and aliases of the CSCO 2022 codes (talent/data/csco2022_definitions.csv)."""
    return read_evidence(DATA_DIR / "csco2022_definitions.csv")


def built_in_coder(*, evidence: bool = True, groups: bool = True) -> TitleCoder:
    """A coder over the shipped occupations and synonyms, with or without the richer evidence."""
    with (DATA_DIR / "csco2022_occupations.csv").open(encoding="utf-8") as fh:
        occupations = [(r["code"], r["name"], int(r["level"])) for r in csv.DictReader(fh)]
    with (DATA_DIR / "occupation_synonyms.csv").open(encoding="utf-8") as fh:
        synonyms = [(r["occupation_code"], r["term"]) for r in csv.DictReader(fh)]
    return TitleCoder.from_rows(
        occupations,
        synonyms,
        evidence=built_in_evidence() if evidence else None,
        groups=group_config() if groups else None,
    )
