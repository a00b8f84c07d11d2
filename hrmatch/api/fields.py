"""Serializer fields shared by the apps' API serializers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from hrmatch.api.filtering import LARGEST_NUMBER


class IdField(serializers.IntegerField):
    """An object's id in the input: a positive integer a database column can hold (else 400, not 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_NUMBER)
        super().__init__(**kwargs)
