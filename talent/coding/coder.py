"""Suggest occupation codes for the free-text job titles that agencies type.

The coder is taxonomy-agnostic: it is built from plain rows (code, name, level), (code, term) synonym
pairs and, when the classification gives them, each code's definition, task list and aliases; the same
class serves the CSCO 2022 classification, an older edition or a pilot city's own list. It never imports
Django; its word lists are data files in `talent/data/` (see `talent.coding.text`).

A title is first cleaned of recruitment noise (pay, perks, shifts, places, company names). Then:

* **Generic posts** (普工, 生产文员, "电子厂普工 包吃住": only generic and industry words) are answered
  with group codes, the industry's middle group first when an industry word is present, and flagged
  `generic` (label "… — 通用岗位"); the best specific occupations follow.
* **Specific posts** are scored per code by three signals merged as a probabilistic OR: containment of a
  known name, synonym or alias (or a stem cut from one) in the title, a character n-gram TF-IDF cosine
  against those terms (`talent.coding.terms`), and a TF-IDF cosine against the code's definition and
  tasks (`talent.coding.evidence`). Occupations (level 4) are preferred over groups.
* **Confirmations**: callers may pass per-code boosts (what agencies confirmed for this title), which
  lift those codes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from talent.coding.evidence import Evidence, EvidenceIndex
from talent.coding.generic import (
    GenericReading,
    GroupConfig,
    group_ladder,
    read_generic,
    with_employer_industry,
)
from talent.coding.terms import TermIndex
from talent.coding.text import clean_title, normalise, phrases

__all__ = ["GENERIC_SUFFIX", "Suggestion", "TitleCoder"]

# Multipliers applied to groups so that a unit group never outranks an occupation with the same evidence;
# agencies post jobs, not groups, and a group code is only a fallback when nothing finer fits.
LEVEL_WEIGHT: dict[int, float] = {4: 1.0, 3: 0.8, 2: 0.7, 1: 0.6}

# Weight of the TF-IDF over definitions and tasks in the merged score (tuned on the dev split).
EVIDENCE_WEIGHT = 0.5
# A title with a generic word whose best specific score stays below this is read as a generic post.
GENERIC_FLOOR = 0.45
# Our synonym for a term that the classification lists as another code's name or alias counts a bit less.
CONFLICT_WEIGHT = 0.95

GENERIC_SUFFIX = "通用岗位"

_LATIN_OR_DIGIT_RE = re.compile(r"[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate code for a title; score is a unitless confidence in [0, 1], higher is better.

    `generic` marks a group suggested because the title names no specific trade.
    """

    code: str
    name: str
    level: int
    score: float
    generic: bool = False

    @property
    def label(self) -> str:
        """The name as shown to users: "生产制造及有关人员 — 通用岗位" for a generic post's group."""
        return f"{self.name} — {GENERIC_SUFFIX}" if self.generic else self.name


class TitleCoder:
    """Maps noisy job titles to occupation codes of whatever taxonomy it was built from.

    Build once (about 1 s for the full CSCO 2022 with synonyms and definitions) and reuse; `suggest` is
    read-only and so safe to call from several threads.
    """

    def __init__(
        self,
        codes: Sequence[str],
        names: Sequence[str],
        levels: Sequence[int],
        synonyms: Iterable[tuple[str, str]] = (),
        *,
        evidence: Mapping[str, Evidence] | None = None,
        groups: GroupConfig | None = None,
    ) -> None:
        """Index the taxonomy. `codes`, `names` and `levels` are parallel; synonyms and evidence for
        unknown codes are ignored, so one list may cover several editions. `groups` enables generic posts."""
        if not (len(codes) == len(names) == len(levels)):
            raise ValueError("codes, names and levels must have the same length")
        self._dedupe(codes, names, levels)
        self._groups = groups
        evidence = dict(evidence or {})
        term_codes, weights = self._collect_terms(synonyms, evidence)
        self._n_codes = len(self._codes)
        self._level_weight = np.array([LEVEL_WEIGHT.get(lv, 0.6) for lv in self._levels], dtype=np.float64)
        self._term_index = TermIndex(self._n_codes, term_codes, weights)
        self._evidence = EvidenceIndex(self._codes, self._names, evidence) if evidence else None

    def _dedupe(self, codes: Sequence[str], names: Sequence[str], levels: Sequence[int]) -> None:
        # Later rows win on duplicate codes; the CSCO file repeats a few codes with identical names.
        self._index: dict[str, int] = {}
        self._codes: list[str] = []
        self._names: list[str] = []
        self._levels: list[int] = []
        for code, name, level in zip(codes, names, levels, strict=True):
            if code in self._index:
                self._names[self._index[code]] = name
                self._levels[self._index[code]] = int(level)
                continue
            self._index[code] = len(self._codes)
            self._codes.append(code)
            self._names.append(name)
            self._levels.append(int(level))

    @staticmethod
    def _term(raw: str) -> str:
        """CJK terms are matched without spaces; Latin terms keep single spaces between words."""
        term = normalise(raw)
        return term if _LATIN_OR_DIGIT_RE.search(term) else term.replace(" ", "")

    def _collect_terms(
        self, synonyms: Iterable[tuple[str, str]], evidence: Mapping[str, Evidence]
    ) -> tuple[dict[str, set[int]], dict[tuple[str, int], float]]:
        """Names and aliases (the classification's own words) and synonyms, each term to its codes."""
        official: dict[str, set[int]] = defaultdict(set)
        for ci, name in enumerate(self._names):
            if term := self._term(name):
                official[term].add(ci)
        for code, ev in evidence.items():
            if code in self._index:
                for alias in ev.aliases:
                    term = self._term(alias)
                    if term and not self._generic_elsewhere(term, code):
                        official[term].add(self._index[code])
        term_codes: dict[str, set[int]] = defaultdict(set, {t: set(c) for t, c in official.items()})
        weights: dict[tuple[str, int], float] = {}
        # A group's own alias (功能测试 → 检验试验人员) is the classification filing the title there:
        # it escapes the penalty that keeps groups behind occupations.
        for code, ev in evidence.items():
            group = self._index.get(code)
            if group is not None and self._levels[group] < 4:
                for alias in ev.aliases:
                    weights[(self._term(alias), group)] = 1.0 / LEVEL_WEIGHT.get(self._levels[group], 0.6)
        for code, raw in synonyms:
            found = self._index.get(code)
            term = self._term(raw)
            if found is None or not term:
                continue
            ci = found
            if term in official and ci not in official[term]:
                weights[(term, ci)] = CONFLICT_WEIGHT
            term_codes[term].add(ci)
        return term_codes, weights

    def _generic_elsewhere(self, term: str, code: str) -> bool:
        """An alias that names no trade for this code: a bare industry word (服装, cut from "服装/纺织/皮革
        跟单"), or a generic word (主管, 学徒, 文员) under a code outside the generic groups. Such posts are
        answered by the generic-post reading; the alias would only pull titles astray."""
        if self._groups is None:
            return False
        if term in self._groups.industries:
            return True
        if term not in phrases("title_generic").words:
            return False
        return code != self._groups.default and code not in self._groups.catch_all

    @classmethod
    def from_rows(
        cls,
        occupations: Iterable[tuple[str, str, int]],
        synonyms: Iterable[tuple[str, str]] = (),
        *,
        evidence: Mapping[str, Evidence] | None = None,
        groups: GroupConfig | None = None,
    ) -> TitleCoder:
        """Build from (code, name, level) rows and (code, term) pairs, e.g. straight from csv readers."""
        rows = list(occupations)
        return cls(
            [r[0] for r in rows],
            [r[1] for r in rows],
            [int(r[2]) for r in rows],
            synonyms,
            evidence=evidence,
            groups=groups,
        )

    @property
    def codes(self) -> list[str]:
        """Known codes in build order (duplicates collapsed)."""
        return list(self._codes)

    def _score_text(self, text: str) -> np.ndarray:
        """Merged specific scores for a cleaned title."""
        contain = self._term_index.containment_scores(text)
        tfidf = self._term_index.tfidf_scores(text)
        miss = (1.0 - contain) * (1.0 - 0.85 * tfidf)
        if self._evidence is not None:
            miss *= 1.0 - EVIDENCE_WEIGHT * self._evidence.scores(text)
        return np.clip((1.0 - miss) * self._level_weight, 0.0, 1.0)

    def score_all(self, title: str) -> np.ndarray:
        """Score every code for `title` (array aligned with `codes`); all zeros for an empty title.

        These are the specific-trade scores only: the generic-post reading and boosts apply in `suggest`.
        """
        text = clean_title(title)
        if not text:
            return np.zeros(self._n_codes)
        return self._score_text(text)

    def read(self, title: str) -> GenericReading | None:
        """The generic-word reading of `title`, or None when the coder has no group configuration."""
        if self._groups is None:
            return None
        return read_generic(clean_title(title), normalise(title), self._groups)

    def _top(self, scores: np.ndarray, k: int) -> list[int]:
        positive = np.flatnonzero(scores > 0.0)
        if positive.size > k:
            positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        # Ties broken by code so that results are deterministic across builds.
        return sorted(positive.tolist(), key=lambda i: (-scores[i], self._codes[i]))

    def _generic_ladder(self, reading: GenericReading) -> list[int]:
        assert self._groups is not None
        return [self._index[c] for c in group_ladder(reading, self._groups, self._codes)]

    def _ranked(self, text: str, reading: GenericReading | None, k: int) -> list[tuple[int, float, bool]]:
        """(code index, score, generic) best first, before boosts."""
        scores = self._score_text(text)
        specific = self._top(scores, k + 5)
        best = float(scores[specific[0]]) if specific else 0.0
        if reading is None or reading.family is None:
            return [(i, float(scores[i]), False) for i in specific]
        in_ladder = bool(specific) and self._codes[specific[0]] in self._ladder_codes()
        if reading.is_generic or best < GENERIC_FLOOR or in_ladder:
            return self._generic_order(specific, reading, best, in_ladder)
        return self._with_group_hedge(scores, specific, reading, k)

    def _generic_order(
        self, specific: list[int], reading: GenericReading, best: float, in_ladder: bool
    ) -> list[tuple[int, float, bool]]:
        """A generic post: the industry's group, the default group, the best trade, then the catch-alls."""
        ladder = self._generic_ladder(reading)
        head = 2 if reading.industry_group else 1
        if in_ladder:  # the classification files this very word under a catch-all (杂工 → 6-31-00-00)
            rest = [i for i in ladder if i != specific[0]]
            ladder = [*rest[: head - 1], specific[0], *rest[head - 1 :]]
        order = ladder[:head] + [i for i in specific[:1] if i not in ladder] + ladder[head:]
        order += [i for i in specific[1:] if i not in order]
        top = min(max(best, 0.6), 0.9)
        return [(i, top * (1.0 - 0.05 * rank), i in ladder) for rank, i in enumerate(order)]

    def _with_group_hedge(
        self, scores: np.ndarray, specific: list[int], reading: GenericReading, k: int
    ) -> list[tuple[int, float, bool]]:
        """A specific answer to a title that also has generic words (冲床普工): keep the generic groups
        within the first `k`, in the last places, in case the post is meant generically."""
        ranked = [(i, float(scores[i]), False) for i in specific]
        ladder = self._generic_ladder(reading)[:2] if self._groups else []
        top_code = self._codes[specific[0]] if specific else ""
        middle = self._index.get(top_code[:5] + "00-00") if top_code[:1] == self._codes_major() else None
        hedge = [i for i in ([middle] if middle is not None else []) + ladder if i not in specific[: k - 2]]
        hedge = list(dict.fromkeys(hedge))[:2]
        if not hedge or len(ranked) < k - len(hedge):
            return ranked + [(i, 0.0, True) for i in hedge]
        kept = [r for r in ranked if r[0] not in hedge][: k - len(hedge)]
        floor = kept[-1][1] if kept else 0.0
        return kept + [(i, floor * 0.99 ** (n + 1), True) for n, i in enumerate(hedge)]

    def _ladder_codes(self) -> frozenset[str]:
        """The default and catch-all groups: a specific reading that lands there is a generic post."""
        if self._groups is None:
            return frozenset()
        return frozenset((self._groups.default, *self._groups.catch_all))

    def _codes_major(self) -> str:
        """The major group of the default generic group ("6"), whose middle groups hedge specific posts."""
        return self._groups.default[:1] if self._groups else ""

    def suggest(
        self,
        title: str,
        k: int = 5,
        boosts: Mapping[str, float] | None = None,
        industry: str | None = None,
    ) -> list[Suggestion]:
        """Up to `k` best codes for `title`, best first; empty when nothing in the title is recognisable.

        `boosts` maps codes to a confirmation strength in [0, 1): each lifts its code's score as a
        probabilistic OR, so codes agencies confirmed for this title move up. `industry` is the employer's
        national-economy division (C39): a generic post whose title names no industry takes its group.
        """
        if k <= 0:
            return []
        text = clean_title(title)
        reading = read_generic(text, normalise(title), self._groups) if self._groups else None
        if not text:
            # Pure noise, unless the noise itself says "a worker" (男工, 临时工 日结): a generic post.
            reading = self._noise_only_reading(title)
            if reading is None:
                return []
            text = normalise(title)
        if reading is not None and self._groups is not None:
            reading = with_employer_industry(reading, industry, self._groups)
        ranked = self._ranked(text, reading, k)
        if boosts:
            ranked = self._boosted(ranked, boosts)
        ranked = [r for r in ranked if r[1] > 0.0 or r[2]][:k]
        return [
            Suggestion(self._codes[i], self._names[i], self._levels[i], round(float(value), 6), generic)
            for i, value, generic in ranked
        ]

    def _noise_only_reading(self, title: str) -> GenericReading | None:
        """The generic reading of a title that cleaning emptied, when it names a kind of worker."""
        if self._groups is None:
            return None
        raw = normalise(title)
        reading = read_generic(raw, raw, self._groups)
        if reading.family is None:
            return None
        return GenericReading(family=reading.family, industry_group=reading.industry_group, remainder="")

    def _boosted(
        self, ranked: list[tuple[int, float, bool]], boosts: Mapping[str, float]
    ) -> list[tuple[int, float, bool]]:
        by_index = {i: (value, generic) for i, value, generic in ranked}
        for code, strength in boosts.items():
            ci = self._index.get(code)
            if ci is None or strength <= 0.0:
                continue
            value, generic = by_index.get(ci, (0.0, False))
            by_index[ci] = (1.0 - (1.0 - value) * (1.0 - min(strength, 0.99)), generic)
        out = [(i, v, g) for i, (v, g) in by_index.items()]
        return sorted(out, key=lambda r: (-r[1], self._codes[r[0]]))
