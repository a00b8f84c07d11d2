"""Distances."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine.geo import haversine_km, planar_km, project_km


def test_haversine_known_distance() -> None:
    # Shanghai People's Square to Suzhou station, about 84 km.
    d = haversine_km(np.array([31.2304]), np.array([121.4737]), np.array([31.3297]), np.array([120.6107]))
    assert d[0] == pytest.approx(82.8, abs=1.0)
    assert haversine_km(np.array([30.0]), np.array([120.0]), np.array([30.0]), np.array([120.0]))[0] == 0.0


def test_projection_agrees_with_haversine_inside_a_city() -> None:
    rng = np.random.default_rng(0)
    origin = (31.3, 120.6)
    lat = origin[0] + rng.uniform(-0.27, 0.27, (500, 2))
    lon = origin[1] + rng.uniform(-0.31, 0.31, (500, 2))
    xy0 = project_km(lat[:, 0], lon[:, 0], origin)
    xy1 = project_km(lat[:, 1], lon[:, 1], origin)
    planar = planar_km(xy0, xy1)
    exact = haversine_km(lat[:, 0], lon[:, 0], lat[:, 1], lon[:, 1])
    assert np.max(np.abs(planar - exact) / np.maximum(exact, 1.0)) < 0.01
