"""Personal identifiers: mainland mobile numbers and resident ID numbers.

ID numbers are never stored in plain text: a keyed hash finds duplicates, a masked form is shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Province-level prefixes of resident ID numbers (GB/T 2260).
ID_PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    ]
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MINIMUM_WORKING_AGE = 16


def normalize_mobile(raw: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix, so one number is stored one way."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def validate_mobile(value: str) -> None:
    """A mainland mobile: 11 digits starting 13–19."""
    if not MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13812345678."), code="mobile")


def mask_mobile(mobile: str) -> str:
    """138****5678: enough for a person to recognise their own number."""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) == 11 else "****"


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Check an 18-character resident ID number and return it upper-cased.

    County codes are not checked against a table: abolished counties stay valid on old cards.
    """
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("An ID number has 17 digits and a final digit or X."), code="id_format")
    if number[:2] not in ID_PROVINCE_PREFIXES:
        raise ValidationError(_("The ID number's province code is unknown."), code="id_province")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The ID number's birth date is not a real date."), code="id_birth") from None
    today = today or dt.date.today()
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < MINIMUM_WORKING_AGE:
        raise ValidationError(
            _("The holder must be at least %(age)s years old.") % {"age": MINIMUM_WORKING_AGE}, code="id_age"
        )
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(_("The ID number's check character is wrong."), code="id_check")
    return number


def validate_birth_year(value: int) -> None:
    """A birth year of someone of working age: at least 16 this year and born 1940 or later."""
    latest = dt.date.today().year - MINIMUM_WORKING_AGE
    if value is not None and not 1940 <= value <= latest:
        raise ValidationError(
            _("Enter a birth year from 1940 to %(latest)s: a worker must be at least %(age)s.")
            % {"latest": latest, "age": MINIMUM_WORKING_AGE},
            code="birth_year",
        )


def hash_id_number(number: str) -> str:
    """Keyed hash (HMAC-SHA256) of a valid ID number: equal numbers give equal hashes, nothing reverses it."""
    key = settings.ID_HASH_KEY.encode()
    return hmac.new(key, number.upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(number: str) -> str:
    """110101********123X: region and last four only."""
    return f"{number[:6]}********{number[-4:]}"
