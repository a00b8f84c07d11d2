"""Input and output arrays of the matching engine.

Every input is a plain dataclass of numpy arrays in the encodings fixed with the Django loaders
(see docs/matching_engine_notes.md). ``slots=True`` makes an unknown field impossible to add, so a
protected attribute (gender, age, ethnicity, birthplace, household registration) cannot reach the
engine by accident: fairness by construction, not by filtering.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import scipy.sparse as sp

FEATURES: tuple[str, ...] = (
    "skills",
    "occupation",
    "certificate",
    "experience",
    "pay",
    "distance",
    "shift",
    "form",
    "level",
)

MAX_SKILL_LEVEL = 5
MAX_CERT_RANK = 8
SHIFT_BITS = 31  # 1 day, 2 two-shift, 4 three-shift, 8 long night, 16 flexible
FORM_BITS = 63  # 1 direct, 2 dispatch, 4 outsourced, 8 part-time, 16 seasonal, 32 apprenticeship


def _vector(name: str, value: Any, dtype: type | np.dtype, n: int | None) -> np.ndarray:
    """Return ``value`` as a contiguous 1-D array of ``dtype``; raise if its length is not ``n``.

    Casting refuses to turn non-integral floats into integer codes, which would hide a loader bug.
    """
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name}: expected length {n}, got {arr.shape[0]}")
    target = np.dtype(dtype)
    if target.kind in "iub" and arr.dtype.kind == "f" and arr.size and not np.all(np.mod(arr, 1) == 0):
        raise ValueError(f"{name}: non-integral values for an integer code")
    return np.ascontiguousarray(arr, dtype=target)


def _csr(name: str, value: Any, shape: tuple[int, int]) -> sp.csr_matrix:
    """Return ``value`` as a canonical float32 CSR matrix (sorted, no duplicates, no explicit zeros)."""
    if not sp.issparse(value):
        raise TypeError(f"{name}: expected a scipy.sparse matrix")
    mat = sp.csr_matrix(value, dtype=np.float32)
    if mat.shape != shape:
        raise ValueError(f"{name}: expected shape {shape}, got {mat.shape}")
    mat.sum_duplicates()
    mat.eliminate_zeros()
    mat.sort_indices()
    # int32 indices halve the memory of a city-sized matrix and are what the kernels expect.
    if mat.nnz < np.iinfo(np.int32).max:
        mat.indices = mat.indices.astype(np.int32, copy=False)
        mat.indptr = mat.indptr.astype(np.int32, copy=False)
    return mat


def _check_range(name: str, arr: np.ndarray, low: float, high: float) -> None:
    """Raise ValueError when any element lies outside [low, high]."""
    if arr.size and (arr.min() < low or arr.max() > high):
        raise ValueError(f"{name}: values must lie in [{low}, {high}]")


def _check_single_bit(name: str, arr: np.ndarray, allowed: int, allow_zero: bool) -> None:
    """Raise ValueError unless every element is exactly one allowed bit (or 0 when permitted)."""
    a = arr.astype(np.int64)
    single = (a & (a - 1)) == 0
    ok = single & ((a & ~allowed) == 0) & ((a != 0) | allow_zero)
    if not np.all(ok):
        raise ValueError(f"{name}: each value must be exactly one allowed bit")


@dataclass(slots=True)
class Taxonomy:
    """Occupation codes ("G-MM-mm-NN") and the skill ↔ occupation relation of one imported taxonomy.

    ``skill_occupation[s, o]`` is 1.0 when occupation ``o`` requires skill ``s`` and 0.5 when it
    prefers it. ``skill_category`` (optional) groups skills; skills of one category are treated as
    related when smoothing. Optional, for occupation relatedness (occupations.py):
    ``occupation_parent`` (position of each occupation's parent group, −1 for none; without it the
    tree is read from the codes), ``skill_level`` (S × O, the level each link asks for), ``related``
    (O × O strengths of a city's imported related-occupation list) and ``learned`` (O × O strengths
    learnt from hires: row = the worker's trade, column = the vacancy's).
    """

    occupation_codes: np.ndarray
    skill_count: int
    skill_occupation: sp.csr_matrix
    skill_category: np.ndarray | None = None
    occupation_parent: np.ndarray | None = None
    skill_level: sp.csr_matrix | None = None
    related: sp.csr_matrix | None = None
    learned: sp.csr_matrix | None = None

    def __post_init__(self) -> None:
        codes = np.asarray(self.occupation_codes)
        if codes.ndim != 1:
            raise ValueError("occupation_codes: expected a 1-D array of code strings")
        self.occupation_codes = codes.astype(str)
        self.skill_count = int(self.skill_count)
        if self.skill_count <= 0:
            raise ValueError("skill_count must be positive")
        self.skill_occupation = _csr(
            "skill_occupation", self.skill_occupation, (self.skill_count, codes.shape[0])
        )
        if self.skill_category is not None:
            self.skill_category = _vector("skill_category", self.skill_category, np.int32, self.skill_count)
        o = codes.shape[0]
        if self.occupation_parent is not None:
            self.occupation_parent = _vector("occupation_parent", self.occupation_parent, np.int32, o)
            _check_range("occupation_parent", self.occupation_parent, -1, o - 1)
        if self.skill_level is not None:
            self.skill_level = _csr("skill_level", self.skill_level, (self.skill_count, o))
        for name in ("related", "learned"):
            if getattr(self, name) is not None:
                mat = _csr(name, getattr(self, name), (o, o))
                _check_range(name, mat.data, 0.0, 1.0)
                setattr(self, name, mat)

    @property
    def occupation_count(self) -> int:
        """Number of occupation codes (group codes included)."""
        return int(self.occupation_codes.shape[0])


@dataclass(slots=True)
class WorkerArrays:
    """N workers in the loader's encodings; positions in these arrays are the engine's worker indices.

    ``history`` (optional, N × O) holds the years a worker spent in each past occupation.
    """

    ids: np.ndarray
    skills: sp.csr_matrix
    occupation: np.ndarray
    cert: np.ndarray
    years: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_commute_km: np.ndarray
    relocate: np.ndarray
    desired_pay: np.ndarray
    shifts: np.ndarray
    forms: np.ndarray
    preferred_form: np.ndarray
    available_from: np.ndarray
    eligible: np.ndarray
    history: sp.csr_matrix | None = None

    def __post_init__(self) -> None:
        self.ids = _vector("ids", self.ids, np.int64, None)
        n = self.ids.shape[0]
        if self.history is not None:
            if not sp.issparse(self.history):
                raise TypeError("history: expected a scipy.sparse matrix")
            self.history = _csr("history", self.history, (n, self.history.shape[1]))
            _check_range("history", self.history.data, 0.0, 80.0)
        if not sp.issparse(self.skills):
            raise TypeError("skills: expected a scipy.sparse matrix")
        self.skills = _csr("skills", self.skills, (n, self.skills.shape[1]))
        _check_range("skills", self.skills.data, 1, MAX_SKILL_LEVEL)
        self.occupation = _vector("occupation", self.occupation, np.int32, n)
        self.cert = _vector("cert", self.cert, np.int8, n)
        _check_range("cert", self.cert, 0, MAX_CERT_RANK)
        self.years = _vector("years", self.years, np.float32, n)
        self.lat = _vector("lat", self.lat, np.float64, n)
        self.lon = _vector("lon", self.lon, np.float64, n)
        self.max_commute_km = _vector("max_commute_km", self.max_commute_km, np.float32, n)
        self.relocate = _vector("relocate", self.relocate, np.bool_, n)
        self.desired_pay = _vector("desired_pay", self.desired_pay, np.float32, n)
        self.shifts = _vector("shifts", self.shifts, np.uint8, n)
        _check_range("shifts", self.shifts, 0, SHIFT_BITS)
        self.forms = _vector("forms", self.forms, np.uint8, n)
        _check_range("forms", self.forms, 0, FORM_BITS)
        self.preferred_form = _vector("preferred_form", self.preferred_form, np.uint8, n)
        _check_single_bit("preferred_form", self.preferred_form, FORM_BITS, allow_zero=True)
        self.available_from = _vector("available_from", self.available_from, np.int32, n)
        self.eligible = _vector("eligible", self.eligible, np.bool_, n)
        for name in ("years", "lat", "lon", "max_commute_km", "desired_pay"):
            if not np.all(np.isfinite(getattr(self, name))):
                raise ValueError(f"{name}: values must be finite")

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def skill_count(self) -> int:
        """Width of the skill matrix (the taxonomy's skill count)."""
        return int(self.skills.shape[1])

    def subset(self, index: np.ndarray | slice) -> WorkerArrays:
        """Return the workers at ``index`` (positions renumber from 0)."""
        values: dict[str, Any] = {
            f.name: None if getattr(self, f.name) is None else getattr(self, f.name)[index]
            for f in fields(self)
        }
        return WorkerArrays(**values)


@dataclass(slots=True)
class VacancyArrays:
    """M vacancies in the loader's encodings; positions are the engine's vacancy indices."""

    ids: np.ndarray
    required: sp.csr_matrix
    preferred: sp.csr_matrix
    occupation: np.ndarray
    min_cert: np.ndarray
    min_years: np.ndarray
    pay_min: np.ndarray
    pay_max: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    dormitory: np.ndarray
    shift: np.ndarray
    form: np.ndarray
    start: np.ndarray
    headcount: np.ndarray

    def __post_init__(self) -> None:
        self.ids = _vector("ids", self.ids, np.int64, None)
        m = self.ids.shape[0]
        for name in ("required", "preferred"):
            mat = getattr(self, name)
            if not sp.issparse(mat):
                raise TypeError(f"{name}: expected a scipy.sparse matrix")
        s = self.required.shape[1]
        self.required = _csr("required", self.required, (m, s))
        self.preferred = _csr("preferred", self.preferred, (m, s))
        _check_range("required", self.required.data, 1, MAX_SKILL_LEVEL)
        _check_range("preferred", self.preferred.data, 1, MAX_SKILL_LEVEL)
        self.occupation = _vector("occupation", self.occupation, np.int32, m)
        self.min_cert = _vector("min_cert", self.min_cert, np.int8, m)
        _check_range("min_cert", self.min_cert, 0, MAX_CERT_RANK)
        self.min_years = _vector("min_years", self.min_years, np.float32, m)
        self.pay_min = _vector("pay_min", self.pay_min, np.float32, m)
        self.pay_max = _vector("pay_max", self.pay_max, np.float32, m)
        self.lat = _vector("lat", self.lat, np.float64, m)
        self.lon = _vector("lon", self.lon, np.float64, m)
        self.dormitory = _vector("dormitory", self.dormitory, np.bool_, m)
        self.shift = _vector("shift", self.shift, np.uint8, m)
        _check_single_bit("shift", self.shift, SHIFT_BITS, allow_zero=True)
        self.form = _vector("form", self.form, np.uint8, m)
        _check_single_bit("form", self.form, FORM_BITS, allow_zero=False)
        self.start = _vector("start", self.start, np.int32, m)
        self.headcount = _vector("headcount", self.headcount, np.int32, m)
        _check_range("headcount", self.headcount, 1, np.iinfo(np.int32).max)
        for name in ("min_years", "pay_min", "pay_max", "lat", "lon"):
            if not np.all(np.isfinite(getattr(self, name))):
                raise ValueError(f"{name}: values must be finite")

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def skill_count(self) -> int:
        """Width of the skill matrices (the taxonomy's skill count)."""
        return int(self.required.shape[1])

    def subset(self, index: np.ndarray | slice) -> VacancyArrays:
        """Return the vacancies at ``index`` (positions renumber from 0)."""
        return VacancyArrays(**{f.name: getattr(self, f.name)[index] for f in fields(self)})


@dataclass(frozen=True, slots=True)
class Weights:
    """One non-negative weight per feature group; ``version`` is stored on every run that uses them."""

    skills: float = 4.0
    occupation: float = 8.0
    certificate: float = 1.0
    experience: float = 0.75
    pay: float = 1.0
    distance: float = 1.0
    shift: float = 0.5
    form: float = 0.5
    level: float = 0.5
    version: str = "default-2"

    def __post_init__(self) -> None:
        values = [float(getattr(self, name)) for name in FEATURES]
        if any(not np.isfinite(v) or v < 0 for v in values):
            raise ValueError("weights must be finite and non-negative")
        if sum(values) <= 0:
            raise ValueError("at least one weight must be positive")

    def as_array(self) -> np.ndarray:
        """Return the weights as float64 in FEATURES order."""
        return np.array([float(getattr(self, name)) for name in FEATURES], dtype=np.float64)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, float], version: str | None = None) -> Weights:
        """Build weights from a name → value mapping; missing names keep defaults, unknown names raise."""
        unknown = set(mapping) - set(FEATURES) - {"version"}
        if unknown:
            raise ValueError(f"unknown weight names: {sorted(unknown)}")
        values: dict[str, Any] = {name: float(mapping[name]) for name in FEATURES if name in mapping}
        if version is not None:
            values["version"] = version
        elif "version" in mapping:
            values["version"] = str(mapping["version"])
        return cls(**values)

    @classmethod
    def from_array(cls, values: np.ndarray, version: str) -> Weights:
        """Build weights from an array in FEATURES order."""
        arr = np.asarray(values, dtype=np.float64).ravel()
        if arr.shape[0] != len(FEATURES):
            raise ValueError(f"expected {len(FEATURES)} weights")
        return cls(**{name: float(v) for name, v in zip(FEATURES, arr, strict=True)}, version=version)


@dataclass(slots=True)
class PairSet:
    """Flat arrays describing scored (vacancy, worker) pairs and the reasons behind each score.

    ``contributions[:, f]`` is weight_f·feature_f / Σ weights, so a row sums to ``score``.
    Missing required skills are kept in CSR form (``missing_indptr``/``missing_skills``). ``trade``
    says how the worker's trade relates to the vacancy's (occupations.TRADE_*) and
    ``trade_occupation`` which of the worker's occupations it is (−1: none given).
    """

    vacancy_index: np.ndarray
    worker_index: np.ndarray
    score: np.ndarray
    rank: np.ndarray
    contributions: np.ndarray
    matched_required: np.ndarray
    required_total: np.ndarray
    distance_km: np.ndarray
    pay_fit: np.ndarray
    feasible: np.ndarray
    missing_indptr: np.ndarray
    missing_skills: np.ndarray
    trade: np.ndarray
    trade_occupation: np.ndarray
    skill_count: int = 0

    def __len__(self) -> int:
        return int(self.vacancy_index.shape[0])

    def missing(self) -> sp.csr_matrix:
        """Return the missing required skills as a (pairs × skills) CSR matrix of ones."""
        data = np.ones(self.missing_skills.shape[0], dtype=np.float32)
        return sp.csr_matrix(
            (data, self.missing_skills, self.missing_indptr), shape=(len(self), self.skill_count)
        )

    def missing_for(self, row: int) -> np.ndarray:
        """Return the skill indices a single pair lacks (required skill absent or below level)."""
        return self.missing_skills[self.missing_indptr[row] : self.missing_indptr[row + 1]]

    def take(self, index: np.ndarray) -> PairSet:
        """Return the pairs at ``index`` (a bool mask or positions), missing skills included."""
        idx = np.flatnonzero(index) if np.asarray(index).dtype == np.bool_ else np.asarray(index)
        counts = np.diff(self.missing_indptr)[idx]
        indptr = np.zeros(idx.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        starts = self.missing_indptr[idx]
        pos = np.repeat(starts - indptr[:-1], counts) + np.arange(indptr[-1], dtype=np.int64)
        return PairSet(
            vacancy_index=self.vacancy_index[idx],
            worker_index=self.worker_index[idx],
            score=self.score[idx],
            rank=self.rank[idx],
            contributions=self.contributions[idx],
            matched_required=self.matched_required[idx],
            required_total=self.required_total[idx],
            distance_km=self.distance_km[idx],
            pay_fit=self.pay_fit[idx],
            feasible=self.feasible[idx],
            missing_indptr=indptr,
            missing_skills=self.missing_skills[pos],
            trade=self.trade[idx],
            trade_occupation=self.trade_occupation[idx],
            skill_count=self.skill_count,
        )

    @staticmethod
    def concat(parts: list[PairSet], skill_count: int) -> PairSet:
        """Concatenate pair sets in order (missing-skill offsets are rebased)."""
        if not parts:
            return empty_pairset(skill_count)
        indptrs = []
        offset = 0
        for i, p in enumerate(parts):
            ip = p.missing_indptr if i == 0 else p.missing_indptr[1:]
            indptrs.append(ip + offset)
            offset += int(p.missing_indptr[-1])
        names = [
            "vacancy_index",
            "worker_index",
            "score",
            "rank",
            "contributions",
            "matched_required",
            "required_total",
            "distance_km",
            "pay_fit",
            "feasible",
            "missing_skills",
            "trade",
            "trade_occupation",
        ]
        joined = {n: np.concatenate([getattr(p, n) for p in parts]) for n in names}
        return PairSet(**joined, missing_indptr=np.concatenate(indptrs), skill_count=skill_count)


def empty_pairset(skill_count: int) -> PairSet:
    """Return a PairSet with no pairs (the dtypes of a full one)."""
    z = np.zeros(0)
    return PairSet(
        vacancy_index=z.astype(np.int32),
        worker_index=z.astype(np.int32),
        score=z.astype(np.float32),
        rank=z.astype(np.int16),
        contributions=np.zeros((0, len(FEATURES)), dtype=np.float32),
        matched_required=z.astype(np.int16),
        required_total=z.astype(np.int16),
        distance_km=z.astype(np.float32),
        pay_fit=z.astype(np.float32),
        feasible=z.astype(np.bool_),
        missing_indptr=np.zeros(1, dtype=np.int64),
        missing_skills=z.astype(np.int32),
        trade=z.astype(np.int8),
        trade_occupation=z.astype(np.int32),
        skill_count=skill_count,
    )


@dataclass(slots=True)
class MatchResult:
    """Both directions of one run: ``shortlists`` (by vacancy, then rank) and ``recommendations``
    (by worker, then rank), the weights version used and the stage timings in seconds."""

    shortlists: PairSet
    recommendations: PairSet
    weights_version: str
    candidates_per_vacancy: int
    timings: dict[str, float] = field(default_factory=dict)


def argsort_ties_by(key: np.ndarray, tie: np.ndarray | None = None) -> np.ndarray:
    """Order by ``key`` ascending, equal keys by ``tie`` ascending (None: by position, as a stable
    sort would). One unstable sort (numpy's quicksort is vectorised on x86 and several times faster
    than its stable sort), then only the runs of equal keys are put in order: ties are rare."""
    order = np.argsort(key)
    if order.shape[0] < 2:
        return order
    ks = key[order]
    tied = ks[1:] == ks[:-1]
    if tied.any():
        in_run = np.zeros(ks.shape[0], dtype=bool)
        in_run[1:] |= tied
        in_run[:-1] |= tied
        idx = np.flatnonzero(in_run)
        run = np.cumsum(np.r_[True, ~tied[idx[1:] - 1]])
        sub = order[idx]
        order[idx] = sub[np.lexsort((sub if tie is None else tie[sub], run))]
    return order


def descending_bits(key: np.ndarray) -> np.ndarray:
    """int64 codes in [0, 2³²) of float32 keys that sort ascending as the keys sort descending
    (exact: one code per float32 value, -0 and +0 alike), to pack beside a group id in one int64."""
    bits = (np.asarray(key, dtype=np.float32) + np.float32(0.0)).view(np.int32).astype(np.int64)
    ascending = bits ^ ((bits >> 31) & 0x7FFFFFFF)  # two's-complement order = float order
    return np.int64(0x7FFFFFFF) - ascending


def descending_value(code: np.ndarray) -> np.ndarray:
    """The float32 keys of ``descending_bits`` codes (−0 comes back as +0)."""
    ascending = np.int64(0x7FFFFFFF) - np.asarray(code, dtype=np.int64)
    bits = ascending ^ ((ascending >> 31) & 0x7FFFFFFF)
    return bits.astype(np.int32).view(np.float32)


def csr_segments(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of CSR rows ``rows`` laid end to end: (their positions in the matrix, each row's
    count, each row's first offset in the result)."""
    start = indptr[rows].astype(np.int64)
    counts = (indptr[rows + 1] - indptr[rows]).astype(np.int64)
    offsets = np.zeros(rows.shape[0], dtype=np.int64)
    np.cumsum(counts[:-1], out=offsets[1:])
    total = int(counts.sum())
    # Position of entry e of row i: start[i] + e; one repeat of (start − offset) shifted by arange.
    pos = np.repeat(start - offsets, counts) + np.arange(total, dtype=np.int64)
    return pos, counts, offsets


class PackedKeys:
    """A (group, float32 key, position) triple as one int64 that sorts as (group asc, key desc,
    position asc): group in the high bits, the key's 32-bit ``descending_bits`` code, the position in
    the low bits. Ordering candidates is then one integer sort (vectorised on x86) with no ties to
    settle and no gathers of parallel arrays. ``for_groups`` gives None when the bits do not fit in
    63 (256 groups leave 23 bits: positions up to 8.4 million)."""

    __slots__ = ("group_shift", "pos_bits", "score_shift")

    def __init__(self, pos_bits: int) -> None:
        self.pos_bits = pos_bits
        self.score_shift = pos_bits
        self.group_shift = pos_bits + 32

    @classmethod
    def for_groups(cls, groups: int, positions: int) -> PackedKeys | None:
        """A packing for group ids below ``groups`` and positions below ``positions``, if one fits."""
        pos_bits = max(1, int(positions - 1).bit_length())
        group_bits = max(1, int(groups - 1).bit_length())
        return cls(pos_bits) if group_bits + 32 + pos_bits <= 63 else None

    def pack(self, group: np.ndarray, key: np.ndarray, pos: np.ndarray) -> np.ndarray:
        return (
            (group.astype(np.int64) << self.group_shift)
            | (descending_bits(key) << self.score_shift)
            | pos.astype(np.int64)
        )

    def group(self, packed: np.ndarray) -> np.ndarray:
        return packed >> self.group_shift

    def key(self, packed: np.ndarray) -> np.ndarray:
        return descending_value((packed >> self.score_shift) & 0xFFFFFFFF)

    def position(self, packed: np.ndarray) -> np.ndarray:
        return packed & ((1 << self.pos_bits) - 1)
