import numpy as np

from matching.engine.effect import Lines, fillable_posts, merge_into_shortlists


def lines(rows):
    v, w, s, q = zip(*rows, strict=True)
    return Lines(np.array(v), np.array(w), np.array(s, dtype=float), np.array(q, dtype=bool))


def test_fillable_posts_give_each_worker_one_post_and_each_vacancy_its_headcount():
    # Worker 1 qualifies for both vacancies, worker 2 only for vacancy 10: the best assignment fills 2.
    current = lines([(10, 1, 0.9, True), (10, 2, 0.8, True), (20, 1, 0.95, True), (20, 3, 0.7, False)])
    posts = fillable_posts(current, {10: 1, 20: 1}, {10: "6-18-02-04", 20: "6-18-01-01"})
    assert posts.total == 2 and posts.by_occupation == {"6-18-01-01": 1, "6-18-02-04": 1}
    assert fillable_posts(current, {10: 3, 20: 1}, {}).total == 2  # only two workers qualify


def test_a_merge_keeps_each_shortlist_at_its_length_by_score():
    stored = lines([(10, 1, 0.9, False), (10, 2, 0.5, False)])
    new = lines([(10, 3, 0.7, True)])
    merged = merge_into_shortlists(stored, new, {10: 2})
    assert merged.worker.tolist() == [1, 3] and merged.qualified.tolist() == [False, True]
    replaced = stored.replacing(np.array([2]), np.array([10]), lines([(10, 2, 0.95, True)]), {10: 2})
    assert replaced.worker.tolist() == [2, 1]
