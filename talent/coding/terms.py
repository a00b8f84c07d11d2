"""The term index of the title coder: every name, synonym and alias of every code, and how a title meets them.

Two signals per code, each in [0, 1]: a character n-gram TF-IDF cosine against the code's terms (the
maximum over them), and containment of a known term (or a stem cut from one) in the title. Django-free.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from talent.coding.text import CJK_RE, analyse, head_suffixes
from talent.coding.text import stem_latin as _stem

__all__ = ["TermIndex"]

# Stem evidence is weaker than a full term; a stem that only names a plant ("家具厂") says where, not what.
STEM_WEIGHT = 0.85
PLANT_STEM_WEIGHT = 0.6

_CJK_RE = CJK_RE


class TermIndex:
    """Terms (normalised, CJK without spaces) mapped to code indexes, with per-(term, code) weights."""

    def __init__(
        self,
        n_codes: int,
        term_codes: Mapping[str, set[int]],
        pair_weight: Mapping[tuple[str, int], float] | None = None,
    ) -> None:
        """`pair_weight` lowers one code's claim on a term (a synonym the classification files elsewhere)."""
        term_codes = {t: set(c) for t, c in term_codes.items() if c}
        if not term_codes:
            raise ValueError("the taxonomy has no usable names")
        self._n_codes = n_codes
        self._pair_weight = dict(pair_weight or {})
        self._build_tfidf(term_codes)
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

    def _build_tfidf(self, term_codes: Mapping[str, set[int]]) -> None:
        """One TF-IDF document per (term, code), sorted by code for per-code maxima."""
        doc_terms: list[str] = []
        doc_code_idx: list[int] = []
        for term, code_set in term_codes.items():
            for ci in sorted(code_set):
                doc_terms.append(term)
                doc_code_idx.append(ci)
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
        spec = TermIndex._term_specificity(term_codes, stems)
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

    def tfidf_scores(self, text: str) -> np.ndarray:
        """Per-code max cosine between the title and each of the code's terms."""
        scores = np.zeros(self._n_codes)
        query = self._vectorise(text)
        if query.nnz == 0:
            return scores
        sims = (query @ self._doc_matrix_t).toarray().ravel()
        scores[self._slice_codes] = np.maximum.reduceat(sims, self._slice_starts)
        return scores

    def containment_scores(self, text: str) -> np.ndarray:
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
                weighted = score * self._pair_weight.get((term, ci), 1.0)
                if weighted > scores[ci]:
                    scores[ci] = weighted
        return scores
