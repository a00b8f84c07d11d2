"""Input validation and fairness by construction: no field outside the fixed encodings can enter."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matching.engine import FEATURES, MatchParams, Weights, WorkerArrays, run_matching
from tests.matching.engine import tiny

ALLOWED_WORKER_FIELDS = {
    "ids",
    "skills",
    "occupation",
    "cert",
    "years",
    "lat",
    "lon",
    "max_commute_km",
    "relocate",
    "desired_pay",
    "shifts",
    "forms",
    "preferred_form",
    "available_from",
    "eligible",
    "history",  # years in each past occupation
}
PROTECTED = ("gender", "age", "birth_date", "ethnicity", "birthplace", "hukou", "household_registration")


def _city():
    ws = tiny.workers([{"skills": {0: 3, 1: 3}}, {"skills": {0: 2}}, {"skills": {1: 4, 2: 1}}])
    vs = tiny.vacancies([{"required": {0: 2, 1: 2}}])
    return ws, vs


def test_worker_fields_are_exactly_the_fixed_encodings() -> None:
    assert {f.name for f in dataclasses.fields(WorkerArrays)} == ALLOWED_WORKER_FIELDS
    assert not set(PROTECTED) & set(FEATURES)


@pytest.mark.parametrize("name", PROTECTED)
def test_protected_attribute_cannot_be_passed_or_attached(name: str) -> None:
    ws, _ = _city()
    kwargs = {f.name: getattr(ws, f.name) for f in dataclasses.fields(ws)}
    with pytest.raises(TypeError):
        WorkerArrays(**kwargs, **{name: np.zeros(len(ws))})
    with pytest.raises(AttributeError):
        setattr(ws, name, np.zeros(len(ws)))


def test_results_depend_only_on_the_allowed_fields() -> None:
    # Rebuilding the workers from their allowed fields in another object gives identical results:
    # nothing else (no hidden attribute) can influence the engine.
    ws, vs = _city()
    tax = tiny.tiny_taxonomy()
    ws.history = tiny.history([{0: 2.0}, {}, {1: 0.5, 2: 4.0}])
    copy = WorkerArrays(
        **{
            f: getattr(ws, f).copy() if f in ("skills", "history") else np.copy(getattr(ws, f))
            for f in ALLOWED_WORKER_FIELDS
        }
    )
    a = run_matching(ws, vs, tax, params=MatchParams(n_jobs=1))
    b = run_matching(copy, vs, tax, params=MatchParams(n_jobs=1))
    np.testing.assert_array_equal(a.shortlists.worker_index, b.shortlists.worker_index)
    np.testing.assert_array_equal(a.shortlists.score, b.shortlists.score)


def test_shape_and_code_validation() -> None:
    ws, _ = _city()
    kwargs = {f.name: getattr(ws, f.name) for f in dataclasses.fields(ws)}
    with pytest.raises(ValueError, match="cert"):
        WorkerArrays(**{**kwargs, "cert": np.array([0, 9, 1])})
    with pytest.raises(ValueError, match="years"):
        WorkerArrays(**{**kwargs, "years": np.array([1.0, 2.0])})
    with pytest.raises(ValueError, match="skills"):
        WorkerArrays(**{**kwargs, "skills": tiny.skill_matrix([{0: 7}, {}, {}])})
    with pytest.raises(ValueError, match="form"):
        tiny.vacancies([{"form": 3}])  # a vacancy has exactly one form
    with pytest.raises(ValueError, match="shift"):
        tiny.vacancies([{"shift": 6}])
    assert ws.cert.dtype == np.int8 and ws.forms.dtype == np.uint8 and ws.available_from.dtype == np.int32


def test_weights_mapping_and_array_round_trip() -> None:
    w = Weights.from_mapping({"pay": 2.0, "version": "v7"})
    assert w.pay == 2.0 and w.skills == Weights().skills and w.version == "v7"
    np.testing.assert_array_equal(Weights.from_array(w.as_array(), "x").as_array(), w.as_array())
    assert w.as_array().shape == (len(FEATURES),)
    with pytest.raises(ValueError, match="unknown"):
        Weights.from_mapping({"gender": 1.0})
    with pytest.raises(ValueError):
        Weights(pay=-1.0)


def test_packed_keys_sort_as_group_then_key_descending_then_position() -> None:
    """One int64 per (group, float32 key, position): an integer sort gives the lexicographic order, and
    each part comes back exactly (a negative zero as zero)."""
    from matching.engine.arrays import PackedKeys, descending_bits, descending_value

    rng = np.random.default_rng(5)
    n = 5000
    group = rng.integers(0, 256, n)
    key = rng.choice(np.array([-3.5, -1e-30, -0.0, 0.0, 1e-30, 0.25, 0.5, 3.4e38], dtype=np.float32), n)
    pos = rng.permutation(1 << 20)[:n].astype(np.int64)
    packing = PackedKeys.for_groups(256, 1 << 20)
    assert packing is not None
    packed = np.sort(packing.pack(group, key, pos))
    order = np.lexsort((pos, -key.astype(np.float64), group))
    assert np.array_equal(packing.group(packed), group[order])
    assert np.array_equal(packing.position(packed), pos[order])
    assert np.array_equal(packing.key(packed), key[order] + np.float32(0.0))
    assert np.array_equal(descending_value(descending_bits(key)), key + np.float32(0.0))
    # 8 bits of group and 32 of key leave 23 for positions in a signed 64-bit integer.
    assert PackedKeys.for_groups(256, 1 << 23) is not None
    assert PackedKeys.for_groups(256, (1 << 23) + 1) is None
