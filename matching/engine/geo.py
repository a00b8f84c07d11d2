"""Distances: haversine for what people read, an equirectangular projection for the bulk filters."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km, elementwise (float64), for the distances shown to users."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def project_km(lat: np.ndarray, lon: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """Project degrees to planar km (N × 2, float64) around ``origin`` (lat, lon).

    Inside one city (tens of km) the equirectangular error against haversine stays well under 1 %,
    and a planar squared distance can be written as a matrix product, which the candidate stage needs.
    """
    lat0, lon0 = origin
    k = np.pi / 180.0 * EARTH_RADIUS_KM
    x = (np.asarray(lon, dtype=np.float64) - lon0) * k * np.cos(np.radians(lat0))
    y = (np.asarray(lat, dtype=np.float64) - lat0) * k
    return np.column_stack([x, y])


def planar_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance between rows of two projected (… × 2) arrays, elementwise."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    return np.sqrt(np.einsum("ij,ij->i", d, d))
