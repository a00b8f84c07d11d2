"""The real taxonomy (talent/data CSVs) in the engine's encoding, for the evaluation cities.

Read from a directory passed in: nothing here imports Django.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import Taxonomy


@dataclass(slots=True)
class TaxonomyTables:
    """The engine's Taxonomy from the CSVs plus each occupation's skill lists (positions, levels)."""

    taxonomy: Taxonomy
    skill_codes: np.ndarray
    occupation_required: dict[int, tuple[np.ndarray, np.ndarray]]  # occupation → (skills, levels)
    occupation_preferred: dict[int, tuple[np.ndarray, np.ndarray]]


def load_taxonomy_tables(data_dir: Path | str) -> TaxonomyTables:
    """Read csco2022_occupations.csv, skills.csv and occupation_skills.csv (codes de-duplicated, file
    order kept) into the engine's encoding: required links 1.0, preferred 0.5, categories as ints."""
    root = Path(data_dir)
    with open(root / "csco2022_occupations.csv", encoding="utf-8", newline="") as fh:
        codes = list(dict.fromkeys(row["code"].strip() for row in csv.DictReader(fh)))
    occ_pos = {code: i for i, code in enumerate(codes)}
    with open(root / "skills.csv", encoding="utf-8", newline="") as fh:
        skill_rows = list(csv.DictReader(fh))
    skill_codes = [row["code"].strip() for row in skill_rows]
    skill_pos = {code: i for i, code in enumerate(skill_codes)}
    categories = {c: i for i, c in enumerate(dict.fromkeys(row["category"].strip() for row in skill_rows))}
    category = np.array([categories[row["category"].strip()] for row in skill_rows], dtype=np.int32)
    required: dict[int, list[tuple[int, int]]] = {}
    preferred: dict[int, list[tuple[int, int]]] = {}
    link: dict[tuple[int, int], float] = {}
    link_level: dict[tuple[int, int], int] = {}
    with open(root / "occupation_skills.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            o = occ_pos.get(row["occupation_code"].strip())
            s = skill_pos.get(row["skill_code"].strip())
            if o is None or s is None:
                continue
            is_required = row["importance"].strip() == "required"
            level = int(row["level"])
            (required if is_required else preferred).setdefault(o, []).append((s, level))
            link[(s, o)] = max(link.get((s, o), 0.0), 1.0 if is_required else 0.5)
            link_level[(s, o)] = max(link_level.get((s, o), 0), level)
    rows = np.array([k[0] for k in link], dtype=np.int64)
    cols = np.array([k[1] for k in link], dtype=np.int64)
    vals = np.array(list(link.values()), dtype=np.float32)
    shape = (len(skill_codes), len(codes))
    so = sp.csr_matrix((vals, (rows, cols)), shape=shape)
    lv = np.array([link_level[k] for k in link], dtype=np.float32)
    taxonomy = Taxonomy(
        occupation_codes=np.array(codes),
        skill_count=len(skill_codes),
        skill_occupation=so,
        skill_category=category,
        skill_level=sp.csr_matrix((lv, (rows, cols)), shape=shape),
    )

    def arrays(d: dict[int, list[tuple[int, int]]]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        return {o: (np.array([s for s, _ in v]), np.array([lv for _, lv in v])) for o, v in d.items()}

    return TaxonomyTables(taxonomy, np.array(skill_codes), arrays(required), arrays(preferred))
