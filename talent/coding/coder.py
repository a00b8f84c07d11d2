"""Suggest occupation codes for the free-text job titles that agencies type.

The coder is deliberately taxonomy-agnostic: it is built from plain rows (code, name, level) and
(code, term) synonym pairs, so the same class serves the CSCO 2022 classification, an older edition or a
pilot city's own list. It never imports Django; its
word lists are data files in `talent/data/` (see `talent.coding.text`).

Scoring combines two signals, each in [0, 1]:

* a character n-gram (1–3 for Chinese, 3–4 inside Latin words, plus whole Latin words) TF-IDF cosine
  between the cleaned title and every known name or synonym, reduced to one score per code by taking the
  maximum over that code's terms;
* a containment signal: when a known term occurs verbatim in the cleaned title, its code gets a score that
  grows with the share of the title the term covers, is damped for terms that occur inside many other
  codes' terms (操作工, 技术员) and is halved when a longer matched term covers the same characters, so
  "数控车工" beats "车工" and "天车工" beats "车工". Stems cut from terms ("冲床" from 冲床工) count as
  weaker containment evidence, so "冲床普工" still reaches 冲压工.

The two are merged as a probabilistic OR, then occupations (level 4) are preferred over groups.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talent.coding.text import CJK_RE, analyse, clean_title, head_suffixes, normalise
from talent.coding.text import stem_latin as _stem

__all__ = ["Suggestion", "TitleCoder"]

# Multipliers applied to groups so that a unit group never outranks an occupation with the same evidence;
# agencies post jobs, not groups, and a group code is only a fallback when nothing finer fits.
LEVEL_WEIGHT: dict[int, float] = {4: 1.0, 3: 0.8, 2: 0.7, 1: 0.6}

# Stem evidence is weaker than a full term; a stem that only names a plant ("家具厂") says where, not what.
STEM_WEIGHT = 0.85
PLANT_STEM_WEIGHT = 0.6

_CJK_RE = CJK_RE


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate occupation for a title; score is a unitless confidence in [0, 1], higher is better."""

    code: str
    name: str
    level: int
    score: float


class TitleCoder:
    """Maps noisy job titles to occupation codes of whatever taxonomy it was built from.

    Build once (≈ 0.3 s for the full CSCO 2022 plus synonyms) and reuse; `suggest` is read-only and so safe
    to call from several threads.
    """

    def __init__(
        self,
        codes: Sequence[str],
        names: Sequence[str],
        levels: Sequence[int],
        synonyms: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Index the taxonomy. `codes`, `names` and `levels` are parallel; synonyms for unknown codes are
        ignored rather than rejected, so a synonym list may cover several editions of a taxonomy."""
        if not (len(codes) == len(names) == len(levels)):
            raise ValueError("codes, names and levels must have the same length")
        # Later rows win on duplicate codes; the CSCO file repeats a few codes with identical names.
        index: dict[str, int] = {}
        self._codes: list[str] = []
        self._names: list[str] = []
        self._levels: list[int] = []
        for code, name, level in zip(codes, names, levels, strict=True):
            if code in index:
                self._names[index[code]] = name
                self._levels[index[code]] = int(level)
                continue
            index[code] = len(self._codes)
            self._codes.append(code)
            self._names.append(name)
            self._levels.append(int(level))
        self._index = index

        # One document per (code, term); names count as terms of their own code.
        term_codes: dict[str, set[int]] = defaultdict(set)
        for code, name in zip(self._codes, self._names, strict=True):
            term = normalise(name).replace(" ", "")
            if term:
                term_codes[term].add(index[code])
        for code, term_raw in synonyms:
            if code not in index:
                continue
            term = normalise(term_raw)
            # CJK terms are matched without spaces; Latin terms keep single spaces between words.
            if not re.search(r"[a-z0-9]", term):
                term = term.replace(" ", "")
            if term:
                term_codes[term].add(index[code])

        doc_terms: list[str] = []
        doc_code_idx: list[int] = []
        for term, code_set in term_codes.items():
            for ci in sorted(code_set):
                doc_terms.append(term)
                doc_code_idx.append(ci)

        self._n_codes = len(self._codes)
        self._level_weight = np.array([LEVEL_WEIGHT.get(lv, 0.6) for lv in self._levels], dtype=np.float64)
        if not doc_terms:
            raise ValueError("the taxonomy has no usable names")

        self._vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, norm="l2", dtype=np.float64)
        matrix = self._vectorizer.fit_transform(doc_terms)
        # Sort documents by code so that per-code maxima are one reduceat over contiguous slices.
        order = np.argsort(np.asarray(doc_code_idx), kind="stable")
        self._doc_matrix_t: sparse.csr_matrix = sparse.csr_matrix(matrix[order].T)
        sorted_codes = np.asarray(doc_code_idx)[order]
        self._doc_code = sorted_codes
        starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
        self._slice_starts = starts
        self._slice_codes = sorted_codes[starts]
        self._vocab: dict[str, int] = self._vectorizer.vocabulary_
        self._idf: np.ndarray = self._vectorizer.idf_

        # Containment lookup. Specificity falls with the number of *other* codes whose terms contain the
        # term: 操作工 sits inside dozens of names and should only nudge, 氩弧焊工 sits inside none.
        self._terms: dict[str, tuple[int, ...]] = {t: tuple(sorted(c)) for t, c in term_codes.items()}
        self._specificity: dict[str, float] = self._term_specificity(term_codes)
        self._stems: dict[str, tuple[tuple[int, ...], float]] = self._derive_stems(term_codes)
        self._max_term_len = max(len(t) for t in self._terms)
        # Pure Latin terms are matched on stemmed whole words; anything with CJK is matched as a substring.
        self._latin_terms: dict[str, str] = {
            " ".join(_stem(w) for w in t.split()): t for t in self._terms if not _CJK_RE.search(t)
        }

    @classmethod
    def from_rows(
        cls,
        occupations: Iterable[tuple[str, str, int]],
        synonyms: Iterable[tuple[str, str]] = (),
    ) -> TitleCoder:
        """Build from (code, name, level) rows and (code, term) pairs, e.g. straight from csv readers."""
        rows = list(occupations)
        return cls(
            [r[0] for r in rows],
            [r[1] for r in rows],
            [int(r[2]) for r in rows],
            synonyms,
        )

    @property
    def codes(self) -> list[str]:
        """Known codes in build order (duplicates collapsed)."""
        return list(self._codes)

    @staticmethod
    def _derive_stems(term_codes: dict[str, set[int]]) -> dict[str, tuple[tuple[int, ...], float]]:
        """Map title heads stripped of their job suffix to (codes, weight); stems that are terms are skipped."""
        stems: dict[str, set[int]] = defaultdict(set)
        for term, code_set in term_codes.items():
            if not _CJK_RE.fullmatch(term):
                continue
            for suffix in head_suffixes():
                if term.endswith(suffix) and len(term) - len(suffix) >= 2:
                    stem = term[: -len(suffix)]
                    # "船厂电工" must not yield "船厂电": when the last stem char and a one-char suffix form
                    # another code's trade (电工), the split falls inside a word. 数控车工 → 数控车 is fine.
                    head = stem[-1] + suffix
                    if len(suffix) == 1 and head in term_codes and term_codes[head] != code_set:
                        break
                    stems[stem] |= code_set
                    break
        stems = {stem: cs for stem, cs in stems.items() if stem not in term_codes}
        # Stems shared by many codes ("汽车", "生产线") are as uninformative as generic terms.
        spec = TitleCoder._term_specificity(term_codes, stems)
        return {
            stem: (
                tuple(sorted(cs)),
                spec[stem] * (PLANT_STEM_WEIGHT if stem.endswith("厂") else STEM_WEIGHT),
            )
            for stem, cs in stems.items()
        }

    @staticmethod
    def _term_specificity(
        term_codes: dict[str, set[int]], candidates: dict[str, set[int]] | None = None
    ) -> dict[str, float]:
        """Weight in (0, 1] for each candidate (default: every term); 1 when no other code's term contains
        it, falling with the log of the number of codes that do."""
        if candidates is None:
            candidates = term_codes
        cjk_terms = [t for t in term_codes if " " not in t]
        blob = "\n".join(cjk_terms)
        spec: dict[str, float] = {}
        for term, own_codes in candidates.items():
            others: set[int] = set()
            if len(term) >= 2 and " " not in term:
                start = blob.find(term)
                while start != -1:
                    line_start = blob.rfind("\n", 0, start) + 1
                    line_end = blob.find("\n", start)
                    container = blob[line_start : line_end if line_end != -1 else len(blob)]
                    others |= term_codes[container] - own_codes
                    start = blob.find(term, line_end if line_end != -1 else len(blob))
            spec[term] = 1.0 / (1.0 + 0.6 * math.log1p(len(others)))
        return spec

    def _vectorise(self, text: str) -> sparse.csr_matrix:
        """Same transform as the fitted vectoriser, without its per-call validation overhead."""
        counts: dict[int, int] = defaultdict(int)
        for feat in analyse(text):
            col = self._vocab.get(feat)
            if col is not None:
                counts[col] += 1
        if not counts:
            return sparse.csr_matrix((1, len(self._vocab)))
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        vals = (1.0 + np.log(tf)) * self._idf[cols]
        vals /= np.linalg.norm(vals)
        return sparse.csr_matrix((vals, (np.zeros_like(cols), cols)), shape=(1, len(self._vocab)))

    def _tfidf_scores(self, text: str) -> np.ndarray:
        """Per-code max cosine between the title and each of the code's terms."""
        scores = np.zeros(self._n_codes)
        query = self._vectorise(text)
        if query.nnz == 0:
            return scores
        sims = (query @ self._doc_matrix_t).toarray().ravel()
        scores[self._slice_codes] = np.maximum.reduceat(sims, self._slice_starts)
        return scores

    def _containment_scores(self, text: str) -> np.ndarray:
        """Per-code evidence from known terms that occur verbatim in the title."""
        scores = np.zeros(self._n_codes)
        words = [_stem(w) if not _CJK_RE.search(w) else w for w in text.split()]
        spaced = " ".join(words)
        n = len(spaced) - spaced.count(" ")
        if n == 0:
            return scores
        # (start, end, term or stem, weight) as offsets into `spaced`
        matches: list[tuple[int, int, str, float]] = []
        size = len(spaced)
        for i in range(size):
            if spaced[i] == " ":
                continue
            for j in range(i + 2, min(size, i + self._max_term_len) + 1):
                term = spaced[i:j]
                if term[-1] == " ":
                    break
                if term in self._terms:
                    if _CJK_RE.search(term):
                        matches.append((i, j, term, self._specificity[term]))
                elif term in self._stems:
                    matches.append((i, j, term, self._stems[term][1]))
        # Latin terms must match whole words, so "qc" never fires inside another word.
        padded = f" {spaced} "
        for key, term in self._latin_terms.items():
            pos = padded.find(f" {key} ")
            if pos != -1:
                matches.append((pos, pos + len(key), term, self._specificity[term]))
        for start, end, term, weight in matches:
            length = end - start - term.count(" ")
            coverage = min(1.0, length / n)
            score = weight * (0.55 + 0.45 * coverage)
            # A strictly longer match over the same characters is the more specific reading.
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _, _ in matches):
                score *= 0.5
            code_idx = self._terms[term] if term in self._terms else self._stems[term][0]
            for ci in code_idx:
                if score > scores[ci]:
                    scores[ci] = score
        return scores

    def score_all(self, title: str) -> np.ndarray:
        """Score every code for `title` (array aligned with `codes`); all zeros for an empty title."""
        text = clean_title(title)
        if not text:
            return np.zeros(self._n_codes)
        tfidf = self._tfidf_scores(text)
        contain = self._containment_scores(text)
        combined = 1.0 - (1.0 - contain) * (1.0 - 0.85 * tfidf)
        return np.clip(combined * self._level_weight, 0.0, 1.0)

    def suggest(self, title: str, k: int = 5) -> list[Suggestion]:
        """Up to `k` best codes for `title`, best first; empty when nothing in the title is recognisable."""
        if k <= 0:
            return []
        scores = self.score_all(title)
        positive = np.flatnonzero(scores > 0.0)
        if positive.size == 0:
            return []
        top = positive[np.argpartition(-scores[positive], k - 1)[:k]] if positive.size > k else positive
        # Ties broken by code so that results are deterministic across builds.
        ordered = sorted(top.tolist(), key=lambda i: (-scores[i], self._codes[i]))
        return [
            Suggestion(self._codes[i], self._names[i], self._levels[i], float(round(scores[i], 6)))
            for i in ordered
        ]
