"""Text handling for title coding: folding, recruitment-noise stripping and the TF-IDF features.

Django-free. The word lists are data files in `talent/data/` (one entry per line, `#` comments), read
once per process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "Phrases",
    "analyse",
    "clean_title",
    "head_suffixes",
    "normalise",
    "phrases",
    "remove_phrases",
    "stem_latin",
    "word_list",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

_SALARY_RE = re.compile(
    r"(?<![a-z\d.])\d+(?:\.\d+)?\s*[kw千万]?\s*(?:[-~～至到/]\s*\d+(?:\.\d+)?\s*[kw千万]?)?\s*"
    r"(?:元|块|rmb|yuan)?\s*(?:/\s*(?:月|天|日|时|小时|h|month)|每月|每天|一个月)?\s*(?:起|以上)?(?![a-z])"
)
_AGE_RE = re.compile(r"\d{2}\s*(?:[-~～至到]\s*\d{2})?\s*(?:周岁|岁)")
_KEEP_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
_COMPANY_RE = re.compile(r"[0-9a-z\u4e00-\u9fff]*?(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团)")
_REQUIREMENT_PREFIXES = ("会", "懂", "熟悉", "精通", "能看", "持")
_LATIN_RE = re.compile(r"[a-z][a-z0-9]*|\d+[a-z][a-z0-9]*")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Entries of `talent/data/<name>.txt` in file order, without blank lines and `#` comments."""
    path = DATA_DIR / f"{name}.txt"
    with path.open(encoding="utf-8") as fh:
        entries = (line.strip() for line in fh)
        return tuple(e for e in entries if e and not e.startswith("#"))


@cache
def _longest_first(name: str) -> tuple[str, ...]:
    """A word list sorted longest first, so that 包吃包住 is removed before 包吃."""
    return tuple(sorted(set(word_list(name)), key=lambda w: (-len(w), w)))


@cache
def _english_noise() -> frozenset[str]:
    return frozenset(word_list("title_noise_en"))


@dataclass(frozen=True, slots=True)
class Phrases:
    """A set of words with its longest entry's length, for a left-to-right longest-match scan."""

    words: frozenset[str]
    longest: int

    @classmethod
    def of(cls, words: Iterable[str]) -> Phrases:
        """Phrases from any iterable of words (empty strings ignored)."""
        kept = frozenset(w for w in words if w)
        return cls(kept, max((len(w) for w in kept), default=0))


@cache
def phrases(name: str) -> Phrases:
    """Word list `talent/data/<name>.txt` as Phrases (section headers such as `[worker]` skipped)."""
    return Phrases.of(w for w in word_list(name) if not w.startswith("["))


def remove_phrases(text: str, found: Phrases) -> str:
    """Replace every phrase in `text` by a space, the longest match first at each position."""
    words, longest = found.words, found.longest
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            if text[i : i + size] in words:
                out.append(" ")
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def strip_company_names(text: str) -> str:
    """Drop company names: each word run up to and including a company suffix (有限公司, 集团 …)."""
    return _COMPANY_RE.sub(" ", text)


def head_suffixes() -> tuple[str, ...]:
    """Job-title heads (装配工, 操作工, 工, 员 …) in the file's order, longest first."""
    return word_list("title_head_suffixes")


def normalise(text: str) -> str:
    """NFKC-fold (full-width → half-width), lower-case, and turn every non-word character into a space.

    Emoji, brackets and punctuation all become spaces; CJK, Latin letters and digits survive.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_KEEP_RE.sub(" ", folded).split())


def clean_title(title: str) -> str:
    """Strip recruitment noise (salary, ages, perks, shifts, places, head-count) from a normalised title.

    Returns space-separated word runs; an empty string means nothing occupational was left.
    """
    text = unicodedata.normalize("NFKC", title).lower()
    # Ages and salaries first, while their units and separators are still attached to the digits.
    text = _AGE_RE.sub(" ", text)
    text = _SALARY_RE.sub(lambda m: " " if any(ch.isdigit() for ch in m.group()) else m.group(), text)
    text = strip_company_names(normalise(text))
    # Noise before places: 长白班 is a shift, not the county 长白.
    for word in _longest_first("title_noise_zh"):
        if word in text:
            text = text.replace(word, " ")
    text = remove_phrases(text, phrases("title_places"))
    english = _english_noise()
    tokens = [t for t in text.split() if not t.isdigit() and t not in english]
    # Requirements ("会电焊", "熟悉ERP") say what the worker must know, not what the post is; they go
    # when the title has anything else.
    kept = [t for t in tokens if not t.startswith(_REQUIREMENT_PREFIXES)]
    return " ".join(kept if kept else tokens)


def stem_latin(word: str) -> str:
    """Crude English stem so that welders/welder and operators/operator share a token."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def analyse(text: str) -> list[str]:
    """Features for the TF-IDF model: CJK char 1–3-grams, Latin words and their char 3–4-grams.

    The input must already be normalised. Word features are prefixed so that an English word never
    collides with one of its own n-grams.
    """
    features: list[str] = []
    for run in CJK_RE.findall(text):
        n_chars = len(run)
        for n in (1, 2, 3):
            features.extend(run[i : i + n] for i in range(n_chars - n + 1))
    for raw in _LATIN_RE.findall(text):
        word = stem_latin(raw)
        features.append("w:" + word)
        padded = f"<{word}>"
        for n in (3, 4):
            features.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return features
