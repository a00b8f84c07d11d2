"""A hand-made three-occupation taxonomy and builders for cities of a few workers and vacancies.

Skills: 0 welding, 1 grinding, 2 assembly (occupation 0 requires 0 and 1; occupation 1 requires 1 and 2),
3 CNC programming and 4 CNC operation (occupation 2 requires both), 5 forklift (no occupation).
Coordinates are given in km east/north of a centre and converted to degrees.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import Taxonomy, VacancyArrays, WorkerArrays

CENTRE = (30.0, 120.0)
DAY = 20_000
S = 6


def tiny_taxonomy() -> Taxonomy:
    """Three occupations that are not the built-in ones: two share a minor group, one stands apart."""
    codes = np.array(["3-05-01-01", "3-05-01-02", "4-02-03-01"])
    so = sp.csr_matrix((np.ones(6, dtype=np.float32), ([0, 1, 1, 2, 3, 4], [0, 0, 1, 1, 2, 2])), shape=(S, 3))
    return Taxonomy(occupation_codes=codes, skill_count=S, skill_occupation=so)


def km_to_deg(x_km: float, y_km: float) -> tuple[float, float]:
    """(lat, lon) of a point x km east and y km north of CENTRE."""
    lat = CENTRE[0] + y_km / 111.195
    lon = CENTRE[1] + x_km / (111.195 * np.cos(np.radians(CENTRE[0])))
    return lat, lon


def skill_matrix(rows: list[dict[int, float]]) -> sp.csr_matrix:
    """CSR from a list of {skill: level} dicts."""
    r, c, v = [], [], []
    for i, row in enumerate(rows):
        for s, lvl in row.items():
            r.append(i)
            c.append(s)
            v.append(lvl)
    return sp.csr_matrix((np.array(v, dtype=np.float32), (r, c)), shape=(len(rows), S))


def history(rows: list[dict[int, float]], occupations: int = 3) -> sp.csr_matrix:
    """CSR of years in past occupations from a list of {occupation: years} dicts."""
    r = [i for i, row in enumerate(rows) for _ in row]
    c = [o for row in rows for o in row]
    v = [y for row in rows for y in row.values()]
    return sp.csr_matrix((np.array(v, dtype=np.float32), (r, c)), shape=(len(rows), occupations))


def workers(specs: list[dict[str, Any]]) -> WorkerArrays:
    """Workers from per-worker dicts; anything unspecified takes a permissive default."""
    n = len(specs)

    def col(name: str, default: Any) -> list[Any]:
        return [s.get(name, default) for s in specs]

    xy = col("xy", (0.0, 0.0))
    latlon = [km_to_deg(x, y) for x, y in xy]
    return WorkerArrays(
        ids=np.arange(100, 100 + n),
        skills=skill_matrix(col("skills", {})),
        occupation=col("occupation", -1),
        cert=col("cert", 0),
        years=col("years", 5.0),
        lat=[p[0] for p in latlon],
        lon=[p[1] for p in latlon],
        max_commute_km=col("max_commute_km", 20.0),
        relocate=col("relocate", False),
        desired_pay=col("desired_pay", 0.0),
        shifts=col("shifts", 0),
        forms=col("forms", 63),
        preferred_form=col("preferred_form", 1),
        available_from=col("available_from", DAY - 10),
        eligible=col("eligible", True),
        history=history(col("history", {})) if any("history" in s for s in specs) else None,
    )


def vacancies(specs: list[dict[str, Any]]) -> VacancyArrays:
    """Vacancies from per-vacancy dicts; anything unspecified takes a neutral default."""
    m = len(specs)

    def col(name: str, default: Any) -> list[Any]:
        return [s.get(name, default) for s in specs]

    xy = col("xy", (0.0, 0.0))
    latlon = [km_to_deg(x, y) for x, y in xy]
    return VacancyArrays(
        ids=np.arange(500, 500 + m),
        required=skill_matrix(col("required", {})),
        preferred=skill_matrix(col("preferred", {})),
        occupation=col("occupation", -1),
        min_cert=col("min_cert", 0),
        min_years=col("min_years", 0.0),
        pay_min=col("pay_min", 5000.0),
        pay_max=col("pay_max", 7000.0),
        lat=[p[0] for p in latlon],
        lon=[p[1] for p in latlon],
        dormitory=col("dormitory", False),
        shift=col("shift", 1),
        form=col("form", 1),
        start=col("start", DAY),
        headcount=col("headcount", 1),
    )
