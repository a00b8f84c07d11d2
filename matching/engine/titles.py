"""Suggest occupation codes for the free-text job titles that agencies type.

The coder is deliberately taxonomy-agnostic: it is built from plain rows (code, name, level) and
(code, term) synonym pairs, so the same class serves the CSCO 2022 classification, an older edition or a
pilot city's own list. It never reads files and never imports Django.

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
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["Suggestion", "TitleCoder", "clean_title", "normalise"]

# Multipliers applied to groups so that a unit group never outranks an occupation with the same evidence;
# agencies post jobs, not groups, and a group code is only a fallback when nothing finer fits.
LEVEL_WEIGHT: dict[int, float] = {4: 1.0, 3: 0.8, 2: 0.7, 1: 0.6}

# Recruitment boilerplate seen in agency posts. Longest first so that "包吃包住" goes before "包吃".
_NOISE_WORDS_ZH: tuple[str, ...] = tuple(
    sorted(
        {
            "招聘",
            "急招",
            "急聘",
            "诚聘",
            "高薪诚聘",
            "高薪",
            "直招",
            "厂家直招",
            "厂直招",
            "招工",
            "招",
            "聘",
            "急",
            "火热招聘",
            "大量招聘",
            "长期招聘",
            "长期",
            "短期",
            "正式工",
            "长期工",
            "临时工",
            "暑假工",
            "寒假工",
            "小时工",
            "日结",
            "周结",
            "月结",
            "包吃住",
            "包吃包住",
            "包食宿",
            "包住",
            "包吃",
            "包三餐",
            "提供食宿",
            "免费住宿",
            "宿舍",
            "空调宿舍",
            "工作餐",
            "餐补",
            "房补",
            "五险一金",
            "六险一金",
            "五险",
            "社保",
            "交社保",
            "年终奖",
            "年底双薪",
            "双薪",
            "加班费",
            "有加班",
            "加班多",
            "节日福利",
            "带薪年假",
            "月薪",
            "底薪",
            "薪资",
            "薪资面议",
            "工资",
            "综合工资",
            "面议",
            "待遇优厚",
            "待遇从优",
            "待遇",
            "到手",
            "月入",
            "保底",
            "计件",
            "计时",
            "多劳多得",
            "不收费",
            "不交押金",
            "免费",
            "返费",
            "男女不限",
            "男女均可",
            "限男",
            "限女",
            "男性",
            "女性",
            "男工",
            "女工",
            "夫妻工",
            "年龄",
            "有经验者优先",
            "有经验",
            "经验不限",
            "无经验",
            "可带",
            "包教包会",
            "经验",
            "优先",
            "熟手",
            "学徒",
            "师傅",
            "若干",
            "数名",
            "多名",
            "名额",
            "以上",
            "以下",
            "左右",
            "两班倒",
            "三班倒",
            "倒班",
            "长白班",
            "白班",
            "夜班",
            "双休",
            "单休",
            "大小休",
            "做六休一",
            "做五休二",
            "坐班",
            "坐着上班",
            "站班",
            "入职",
            "即可",
            "可学技术",
            "学技术",
            "转正",
            "上班",
            "工作",
            "岗位",
            "职位",
            "附近",
            "就近",
            "本地",
            "周边",
            "工业园",
            "开发区",
            "高新区",
            "园区",
            "厂区",
            "岁",
        },
        key=len,
        reverse=True,
    )
)

# Frequent place names in manufacturing posts; they carry no occupational signal but share characters
# with occupation terms (长沙/长白班, 江门/门窗) and so would add spurious n-gram overlap.
_PLACES: tuple[str, ...] = tuple(
    sorted(
        {
            "北京",
            "上海",
            "天津",
            "重庆",
            "广州",
            "深圳",
            "东莞",
            "佛山",
            "中山",
            "珠海",
            "惠州",
            "江门",
            "肇庆",
            "清远",
            "苏州",
            "昆山",
            "无锡",
            "常州",
            "南京",
            "南通",
            "扬州",
            "泰州",
            "徐州",
            "盐城",
            "淮安",
            "杭州",
            "宁波",
            "温州",
            "嘉兴",
            "绍兴",
            "台州",
            "金华",
            "义乌",
            "合肥",
            "芜湖",
            "郑州",
            "洛阳",
            "武汉",
            "襄阳",
            "长沙",
            "株洲",
            "南昌",
            "赣州",
            "成都",
            "绵阳",
            "德阳",
            "宜宾",
            "西安",
            "青岛",
            "烟台",
            "潍坊",
            "济南",
            "厦门",
            "泉州",
            "福州",
            "沈阳",
            "大连",
            "长春",
            "哈尔滨",
            "石家庄",
            "唐山",
            "保定",
            "太原",
            "包头",
            "柳州",
            "南宁",
            "昆明",
            "贵阳",
            "广东",
            "江苏",
            "浙江",
            "山东",
            "福建",
            "河南",
            "湖北",
            "湖南",
            "四川",
            "安徽",
            "江西",
            "河北",
            "辽宁",
        },
        key=len,
        reverse=True,
    )
)

_NOISE_WORDS_EN: frozenset[str] = frozenset(
    {
        "hiring",
        "hire",
        "urgent",
        "urgently",
        "wanted",
        "needed",
        "need",
        "now",
        "job",
        "jobs",
        "vacancy",
        "vacancies",
        "salary",
        "rmb",
        "yuan",
        "cny",
        "per",
        "month",
        "monthly",
        "k",
        "w",
        "day",
        "night",
        "shift",
        "shifts",
        "free",
        "accommodation",
        "dorm",
        "dormitory",
        "meals",
        "meal",
        "food",
        "board",
        "insurance",
        "social",
        "benefits",
        "bonus",
        "experienced",
        "experience",
        "years",
        "year",
        "yrs",
        "full",
        "time",
        "fulltime",
        "part",
        "immediate",
        "start",
        "apply",
        "plus",
        "and",
        "the",
        "a",
        "an",
        "for",
        "with",
        "in",
        "at",
        "of",
        "to",
        "or",
        "long",
        "term",
        "overtime",
        "ot",
        "age",
        "aged",
        "male",
        "female",
        "welcome",
        "we",
        "are",
        "is",
        "position",
        "positions",
        "new",
        "good",
        "pay",
        "high",
        "wage",
        "wages",
        "hour",
        "hours",
        "hourly",
        "china",
        "factory",
    }
)

# Job-title heads stripped to derive stems: "冲床" from "冲床工" lets "冲床普工" reach 冲压工. Longest first.
# Product heads ("装配工", "制造工") are stripped too, so "冰箱" and "柴油机" become stems.
_HEAD_SUFFIXES: tuple[str, ...] = (
    "装配调试工",
    "装调工",
    "装配工",
    "制造工",
    "制作工",
    "生产工",
    "加工工",
    "操作工",
    "操作员",
    "技术员",
    "工人",
    "技工",
    "师傅",
    "司机",
    "工",
    "员",
    "师",
)
# Stem evidence is weaker than a full term; a stem that only names a plant ("家具厂") says where, not what.
STEM_WEIGHT = 0.85
PLANT_STEM_WEIGHT = 0.6

_SALARY_RE = re.compile(
    r"(?<![a-z\d.])\d+(?:\.\d+)?\s*[kw千万]?\s*(?:[-~～至到/]\s*\d+(?:\.\d+)?\s*[kw千万]?)?\s*"
    r"(?:元|块|rmb|yuan)?\s*(?:/\s*(?:月|天|日|时|小时|h|month)|每月|每天|一个月)?\s*(?:起|以上)?(?![a-z])"
)
_AGE_RE = re.compile(r"\d{2}\s*(?:[-~～至到]\s*\d{2})?\s*(?:周岁|岁)")
_KEEP_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_RE = re.compile(r"[a-z][a-z0-9]*|\d+[a-z][a-z0-9]*")


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
    text = normalise(text)
    for word in _PLACES:
        text = text.replace(word, " ")
    for word in _NOISE_WORDS_ZH:
        if word in text:
            text = text.replace(word, " ")
    tokens = []
    for token in text.split():
        if token.isdigit() or token in _NOISE_WORDS_EN:
            continue
        tokens.append(token)
    return " ".join(tokens)


def _stem(word: str) -> str:
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
    for run in _CJK_RE.findall(text):
        n_chars = len(run)
        for n in (1, 2, 3):
            features.extend(run[i : i + n] for i in range(n_chars - n + 1))
    for raw in _LATIN_RE.findall(text):
        word = _stem(raw)
        features.append("w:" + word)
        padded = f"<{word}>"
        for n in (3, 4):
            features.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return features


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
            for suffix in _HEAD_SUFFIXES:
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
