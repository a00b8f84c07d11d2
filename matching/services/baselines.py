"""The posts fillable *before* training, kept per published run and scope.

"What training would change" compares the posts a run's shortlists can fill with those they could fill
after a programme. "Before" is the same for every programme evaluated on one run and scope (the city,
or one park): at city scale it is a maximum bipartite matching over millions of shortlist lines, so it
is computed once and kept in the deployment's cache (Redis in production, local memory in tests).

The key names the run (its id and creation time, so a new published run misses, and so does a reused
id), the scope, and the run's *shortlist generation*: a random token replaced after the commit of every
change to the run's shortlist lines (a worker leaving matching by consent revocation, erasure or
deactivation; a vacancy closing, pausing or being re-matched; see `shortlists_changed`). The token is
random, not a counter, so an evicted generation can never bring an older figure back. The cached value
is an aggregate (posts in total and per occupation code), never a worker or a line.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from functools import partial

from django.core.cache import cache
from django.db import transaction

from matching.engine.effect import FillablePosts
from matching.models import MatchRun

BASELINE_SECONDS = 24 * 3600  # a run is replaced nightly; entries of older runs expire on their own


def _generation_key(run_id: int) -> str:
    return f"training:baseline:gen:{run_id}"


def _generation(run_id: int) -> str:
    key = _generation_key(run_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), timeout=BASELINE_SECONDS)
        token = cache.get(key)
    return str(token)


def baseline_key(run: MatchRun, park_id: int | None) -> str:
    scope = "city" if park_id is None else f"park{park_id}"
    stamp = int(run.created_at.timestamp() * 1_000_000)
    return f"training:baseline:{run.pk}:{stamp}:{scope}:{_generation(run.pk)}"


def cached_baseline(
    run: MatchRun, park_id: int | None, compute: Callable[[], FillablePosts]
) -> tuple[FillablePosts, bool]:
    """The run's posts fillable before training in this scope, and whether it came from the cache."""
    key = baseline_key(run, park_id)  # the generation is read before the lines `compute` counts
    found = cache.get(key)
    if isinstance(found, FillablePosts):
        return found, True
    value = compute()
    cache.set(key, value, timeout=BASELINE_SECONDS)
    return value, False


def _renew(run_ids: list[int]) -> None:
    for run_id in run_ids:
        cache.set(_generation_key(run_id), secrets.token_hex(8), timeout=BASELINE_SECONDS)


def shortlists_changed(run_ids: Iterable[int]) -> None:
    """These runs' shortlist lines change in the current transaction: once it commits, their cached
    baselines are retired (a figure counted meanwhile from the old lines stays under the old token)."""
    ids = sorted(set(run_ids))
    if ids:
        transaction.on_commit(partial(_renew, ids))
