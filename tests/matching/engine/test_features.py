"""Each re-ranking feature, and the taxonomy smoothing."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import FEATURES, Taxonomy, explain_pairs, prepare_vacancies, prepare_workers
from matching.engine.features import (
    CERT_MEETS,
    DISTANCE_AT_LIMIT,
    FORM_ACCEPTED,
    RELOCATE_SCORE,
    certificate_fit,
    distance_fit,
    experience_fit,
    pay_fit,
)
from matching.engine.occupations import (
    RELATED_CAP,
    TREE_BY_DEPTH,
    code_keys,
    parent_keys,
    relatedness,
    tree_relatedness,
)
from tests.matching.engine import tiny

F = {name: i for i, name in enumerate(FEATURES)}


def _features(worker_specs, vacancy_specs, pairs, taxonomy: Taxonomy | None = None):
    ws = tiny.workers(worker_specs)
    vs = tiny.vacancies(vacancy_specs)
    v_idx = np.array([p[0] for p in pairs])
    w_idx = np.array([p[1] for p in pairs])
    out = explain_pairs(ws, vs, v_idx, w_idx, taxonomy=taxonomy or tiny.tiny_taxonomy())
    weights_share = np.array([1.0] * len(FEATURES))
    return out, out.contributions, weights_share


def _feature(out, name: str) -> np.ndarray:
    from matching.engine import Weights

    w = Weights().as_array()
    return out.contributions[:, F[name]] / (w[F[name]] / w.sum())


def test_certificate_meets_exceeds_below() -> None:
    got = certificate_fit(
        np.array([3, 4, 6, 9, 2, 0], dtype=np.int8), np.array([3, 3, 3, 3, 3, 3], dtype=np.int8)
    )
    assert got[0] == pytest.approx(CERT_MEETS)
    assert got[0] < got[1] < got[2] == pytest.approx(1.0)
    assert got[3] == pytest.approx(1.0)
    assert 0 < got[4] < got[0]
    assert got[5] == 0.0
    assert certificate_fit(np.array([0], dtype=np.int8), np.array([0], dtype=np.int8))[0] == pytest.approx(
        CERT_MEETS
    )


def test_experience_ratio_capped() -> None:
    got = experience_fit(np.array([0, 1, 2, 10], dtype=np.float32), np.array([2, 2, 2, 0], dtype=np.float32))
    np.testing.assert_allclose(got, [0.0, 0.5, 1.0, 1.0])


def test_pay_inside_below_above_unspecified() -> None:
    lo = np.full(6, 5000, dtype=np.float32)
    hi = np.full(6, 7000, dtype=np.float32)
    desired = np.array([6000, 0, 4000, 2000, 8000, 9500], dtype=np.float32)
    got = pay_fit(desired, lo, hi)
    assert got[0] == 1.0 and got[1] == 1.0
    assert 0.5 <= got[3] < got[2] < 1.0  # asking less decays gently, floor 0.5
    assert 0.0 <= got[5] < got[4] < 1.0  # asking more decays faster
    assert got[5] == 0.0  # 9500 is more than 30 % above 7000


def test_distance_falls_to_limit_and_relocation_is_flat() -> None:
    dist = np.array([0.0, 5.0, 10.0, 40.0, 40.0])
    limit = np.full(5, 10.0)
    reloc = np.array([False, False, False, True, False])
    dorm = np.array([False, False, False, True, True])
    got = distance_fit(dist, limit, reloc, dorm)
    assert got[0] == 1.0 and got[2] == pytest.approx(DISTANCE_AT_LIMIT) and got[2] < got[1] < got[0]
    assert got[3] == pytest.approx(RELOCATE_SCORE)
    assert got[4] == 0.0


def test_the_tree_is_read_from_parent_links_and_falls_back_to_the_codes() -> None:
    codes = np.array(
        [
            "7-01-02-03",
            "7-01-02-04",
            "7-01-05-01",
            "7-09-01-01",
            "8-01-02-03",
            "7-01-00-00",
            "bad",
            "7-00-00-00",
        ]
    )
    by_code = tree_relatedness(code_keys(codes))
    assert by_code[0, 1] == pytest.approx(TREE_BY_DEPTH[3])  # same minor group 7-01-02 by the digits
    assert by_code[0, 2] == pytest.approx(TREE_BY_DEPTH[2]) == by_code[0, 5]
    assert by_code[0, 3] == pytest.approx(TREE_BY_DEPTH[1]) and by_code[0, 4] == 0.0 == by_code[0, 6]
    # Parent links are read as given: here 2 is filed under 0's own parent group and 3 is moved
    # next to 0, whatever their digits say; 1 hangs under the major group alone.
    parent = np.array([5, 7, 5, 5, -1, 7, -1, -1])
    tree = tree_relatedness(parent_keys(parent))
    assert tree[0, 0] == 1.0
    assert tree[0, 2] == pytest.approx(TREE_BY_DEPTH[2]) == tree[0, 3]  # both under 5 with 0
    assert tree[0, 5] == pytest.approx(TREE_BY_DEPTH[2])  # 5 is 0's parent group
    assert tree[0, 1] == pytest.approx(TREE_BY_DEPTH[1])  # the major group only
    assert tree[0, 4] == 0.0 and tree[0, 6] == 0.0


def test_the_occupation_point_uses_the_relatedness_table_not_the_code_digits() -> None:
    # Occupation 3 is in another major group but asks for the same skills at the same levels as 0:
    # its profile makes it related; occupation 2 shares no skill and only the middle group with 0.
    codes = np.array(["7-01-02-03", "7-01-02-04", "7-01-05-01", "9-09-01-01"])
    so = tiny.tiny_taxonomy().skill_occupation[:, [0, 1, 2, 0]]
    tax = Taxonomy(occupation_codes=codes, skill_count=tiny.S, skill_occupation=so)
    rel = relatedness(tax).table
    assert rel[3, 0] == pytest.approx(RELATED_CAP)  # identical profiles: related, never the same
    assert rel[2, 0] == pytest.approx(TREE_BY_DEPTH[2])
    ws = [{"occupation": o} for o in (0, 1, 2, 3, -1)]
    out, _, _ = _features(ws, [{"occupation": 0}], [(0, i) for i in range(5)], taxonomy=tax)
    got = _feature(out, "occupation")
    np.testing.assert_allclose(got, [1.0, rel[1, 0], rel[2, 0], rel[3, 0], 0.0], atol=1e-6)
    assert got[0] > got[3] > got[2] > 0.0 and got[1] > got[2]


def test_shift_and_form_fit() -> None:
    ws = [
        {"shifts": 0},  # any shift
        {"shifts": 1 | 4},
        {"shifts": 2},
        {"forms": 1 | 2, "preferred_form": 1},
        {"forms": 1 | 2, "preferred_form": 2},
    ]
    out, _, _ = _features(ws, [{"shift": 4, "form": 1}], [(0, i) for i in range(5)])
    np.testing.assert_allclose(_feature(out, "shift")[:3], [1.0, 1.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(_feature(out, "form")[3:], [1.0, FORM_ACCEPTED], atol=1e-6)


def test_related_skill_earns_partial_but_less_credit() -> None:
    # Skill 1 (grinding) is co-required with 0 (welding) by occupation 0; skill 5 is related to nothing.
    tax = tiny.tiny_taxonomy()
    ws = tiny.workers([{"skills": {0: 3}}, {"skills": {1: 3}}, {"skills": {5: 3}}])
    vs = tiny.vacancies([{"required": {0: 1}}])
    pw = prepare_workers(ws, tax)
    pv = prepare_vacancies(vs, pw.basis)
    out = explain_pairs(pw, pv, np.zeros(3, dtype=int), np.arange(3))
    skill = _feature(out, "skills")
    from matching.engine.features import skill_similarity

    sim = skill_similarity(pw, pv, np.arange(3), np.zeros(3, dtype=np.int64))
    assert sim[0] == pytest.approx(1.0, abs=1e-5)
    assert 0.0 < sim[1] < sim[0]
    assert sim[2] == 0.0
    assert skill[0] > skill[1] > skill[2]
    # The related worker still misses the required skill itself.
    assert out.matched_required.tolist() == [1, 0, 0]
