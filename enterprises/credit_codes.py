"""Unified social credit codes (GB 32100-2015): 18 characters with a check character."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 0-9 then A-Y without I, O, S, V, Z: values 0–30.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first17: str) -> str:
    """The 18th character that GB 32100 computes from the first 17."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    check = 31 - total % 31
    return ALPHABET[0 if check == 31 else check]


def validate_credit_code(value: str) -> None:
    """Reject a code of the wrong length, with letters outside the alphabet, or with a wrong check character."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="credit_code_length")
    bad = sorted({char for char in code if char not in VALUES})
    if bad:
        raise ValidationError(
            _("The credit code contains characters it may not use: %(chars)s.") % {"chars": " ".join(bad)},
            code="credit_code_alphabet",
        )
    expected = check_character(code[:17])
    if expected != code[17]:
        # Say which character the standard computes: a mistyped code is then found at a glance.
        raise ValidationError(
            _(
                "The credit code's check character is wrong: from its first 17 characters GB 32100-2015 "
                "computes the check character %(expected)s, not %(given)s."
            )
            % {"expected": expected, "given": code[17]},
            code="credit_code_check",
        )
