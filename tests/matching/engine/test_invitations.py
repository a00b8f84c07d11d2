import itertools

import numpy as np
import pytest

from matching.engine.invitations import each_takes_its_top, greedy_in_turn, plan_invitations, summarise


def crowded_drive(seed: int = 0, vacancies: int = 10, strong: int = 6, others: int = 60):
    """Every factory's list starts with the same few strong workers; the rest fit two or three factories."""
    rng = np.random.default_rng(seed)
    v, w, s = [], [], []
    for vacancy in range(vacancies):
        for worker in range(strong):
            v.append(vacancy), w.append(worker), s.append(0.9 + 0.09 * rng.random())
        for worker in rng.choice(others, size=12, replace=False):
            v.append(vacancy), w.append(strong + worker), s.append(0.5 + 0.35 * rng.random())
    demand = rng.integers(2, 6, size=vacancies)
    return np.array(v), np.array(w), np.array(s), demand


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_the_plan_respects_k_and_headcounts_and_scores_at_least_the_greedy_plan(seed, k):
    v, w, s, demand = crowded_drive(seed)
    plan = plan_invitations(v, w, s, demand, k)
    assert np.bincount(w[plan]).max() <= k
    assert (np.bincount(v[plan], minlength=len(demand)) <= demand).all()
    greedy = greedy_in_turn(v, w, s, demand, k)
    assert s[plan].sum() >= s[greedy].sum() - 1e-9
    ours = summarise(plan, v, w, s, demand, k)
    naive = summarise(each_takes_its_top(v, w, s, demand), v, w, s, demand, k)
    assert ours.workers_over_k == 0 and naive.workers_over_k > 0
    assert ours.distinct_workers > naive.distinct_workers
    assert ours.short_after_k <= naive.short_after_k


def test_the_plan_is_the_optimum_of_a_small_drive_found_by_trying_every_choice():
    rng = np.random.default_rng(7)
    pairs = [(vacancy, worker) for vacancy in range(3) for worker in range(4) if rng.random() < 0.8]
    v, w = (np.array(column) for column in zip(*pairs, strict=True))
    s = rng.random(len(pairs))
    demand, k = np.array([2, 1, 2]), 1
    best = 0.0
    for choice in itertools.product([False, True], repeat=len(pairs)):
        mask = np.array(choice)
        if (np.bincount(v[mask], minlength=3) <= demand).all() and (
            np.bincount(w[mask], minlength=4) <= k
        ).all():
            best = max(best, s[mask].sum())
    assert s[plan_invitations(v, w, s, demand, k)].sum() == pytest.approx(best)


def test_an_empty_drive_plans_nothing():
    empty = np.zeros(0, dtype=np.int64)
    assert plan_invitations(empty, empty, np.zeros(0), np.array([3]), 2).shape == (0,)
