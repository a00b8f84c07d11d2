import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talent.identity import (
    hash_id_number,
    id_check_character,
    mask_id_number,
    mask_mobile,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)

VALID_ID = "11010519491231002X"  # the national standard's worked example


@pytest.mark.parametrize("raw", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678"])
def test_mobile_numbers_are_normalised_and_accepted(raw):
    validate_mobile(raw)
    assert normalize_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "0571-8888888", "abc", ""])
def test_malformed_mobile_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        validate_mobile(raw)


def test_mobile_and_id_masks_hide_the_middle():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id_number(VALID_ID) == "110105********002X"


def test_the_standard_example_id_number_is_valid():
    assert id_check_character(VALID_ID[:17]) == "X"
    assert validate_id_number(VALID_ID.lower()) == VALID_ID


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_check"),
        ("99010519491231002X", "id_province"),
        ("110105194902300025", "id_birth"),  # 30 February
        ("1101051949123100", "id_format"),
    ],
)
def test_bad_id_numbers_are_rejected_with_their_reason(number, code):
    with pytest.raises(ValidationError) as info:
        validate_id_number(number)
    assert info.value.code == code


def test_an_id_holder_under_sixteen_is_refused():
    first17 = "11010520150101001"
    number = first17 + id_check_character(first17)
    with pytest.raises(ValidationError) as info:
        validate_id_number(number, today=dt.date(2026, 11, 24))
    assert info.value.code == "id_age"


def test_the_id_hash_is_keyed_and_stable(settings):
    first = hash_id_number(VALID_ID)
    assert first == hash_id_number(VALID_ID.lower())
    assert VALID_ID not in first
    settings.ID_HASH_KEY = "another key"
    assert hash_id_number(VALID_ID) != first
