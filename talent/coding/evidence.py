"""What the classification itself says of each occupation, as evidence for title coding.

The 2022 classification gives each code a definition, a numbered task list and aliases (the official
name among them). A character n-gram TF-IDF index over those texts finds occupations that no name or
synonym covers ("电容器" in a title reaches 电容器制造工 through its definition). Django-free.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talent.coding.text import CJK_RE, normalise

__all__ = ["Evidence", "EvidenceIndex", "read_evidence", "split_aliases"]

_ALIAS_MARK_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:l/s|l|s)$")
_TASK_NUMBER_RE = re.compile(r"\d+\s*[.、．]")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The classification's own text for one code."""

    definition: str = ""
    tasks: str = ""
    aliases: tuple[str, ...] = ()


def split_aliases(raw: str) -> tuple[str, ...]:
    """Aliases as written ("普工/操作工,技工") to single normalised terms, split on "/", without the
    edition's digital/green marks (工业机器人系统运维员S)."""
    terms: list[str] = []
    for alias in raw.split(","):
        for part in alias.split("/"):
            term = _ALIAS_MARK_RE.sub("", normalise(part))
            if term and term not in terms:
                terms.append(term)
    return tuple(terms)


def read_evidence(path: Path) -> dict[str, Evidence]:
    """Read a `code,definition,tasks,aliases` file (talent/data/csco2022_definitions.csv)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["code"]: Evidence(
                definition=row.get("definition") or "",
                tasks=row.get("tasks") or "",
                aliases=split_aliases(row.get("aliases") or ""),
            )
            for row in csv.DictReader(fh)
        }


def _features(text: str) -> list[str]:
    """CJK character 2- and 3-grams and Latin words: single characters carry no meaning here."""
    features: list[str] = []
    for run in CJK_RE.findall(text):
        for n in (2, 3):
            features.extend(run[i : i + n] for i in range(len(run) - n + 1))
    features.extend("w:" + w for w in re.findall(r"[a-z][a-z0-9]+", text))
    return features


class EvidenceIndex:
    """Cosine similarity between a title and each code's name, aliases, definition and tasks."""

    def __init__(self, codes: Sequence[str], names: Sequence[str], evidence: Mapping[str, Evidence]) -> None:
        """Index one document per code (aligned with `codes`); codes without evidence get their name only."""
        documents = [
            self._document(name, evidence.get(code, Evidence()))
            for code, name in zip(codes, names, strict=True)
        ]
        self._vectorizer = TfidfVectorizer(
            analyzer=_features, sublinear_tf=True, norm="l2", dtype=np.float64, min_df=1
        )
        self._matrix_t: sparse.csr_matrix = sparse.csr_matrix(self._vectorizer.fit_transform(documents).T)
        self._vocab: dict[str, int] = self._vectorizer.vocabulary_
        self._idf: np.ndarray = self._vectorizer.idf_
        self._n_codes = len(codes)

    @staticmethod
    def _document(name: str, ev: Evidence) -> str:
        # Names and aliases are repeated so that they weigh more than a long task list.
        tasks = _TASK_NUMBER_RE.sub(" ", ev.tasks)
        head = " ".join([name, *ev.aliases])
        return normalise(" ".join([head, head, ev.definition, tasks]))

    def scores(self, text: str) -> np.ndarray:
        """Cosine of the (cleaned, normalised) title against every code's document."""
        counts: dict[int, int] = {}
        for feature in _features(text):
            col = self._vocab.get(feature)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        if not counts:
            return np.zeros(self._n_codes)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        vals = (1.0 + np.log(tf)) * self._idf[cols]
        vals /= np.linalg.norm(vals)
        return np.asarray(vals @ self._matrix_t[cols].toarray()).ravel()


def alias_pairs(evidence: Mapping[str, Evidence]) -> Iterable[tuple[str, str]]:
    """(code, alias) pairs for every alias of every code."""
    for code, ev in evidence.items():
        for alias in ev.aliases:
            yield code, alias
