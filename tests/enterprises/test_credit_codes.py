import pytest
from django.core.exceptions import ValidationError

from enterprises.credit_codes import check_character, validate_credit_code
from tests.factories import EnterpriseFactory


def test_the_published_example_code_is_valid():
    validate_credit_code("91350100M000100Y43")
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y44", "credit_code_check"),  # last character changed
        ("91350100M000100Y4", "credit_code_length"),  # 17 characters
        ("91350100M000100Y433", "credit_code_length"),
        ("91350100I000100Y43", "credit_code_alphabet"),  # I is not in the alphabet
        ("91350100O000100Y43", "credit_code_alphabet"),
        ("", "credit_code_length"),
    ],
)
def test_invalid_credit_codes_are_rejected_with_their_reason(code, reason):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert info.value.code == reason


def test_a_check_value_of_31_is_written_as_zero():
    # Search a serial whose weighted sum is a multiple of 31: its check character must be "0".
    for serial in range(10_000):
        first17 = f"91330200{serial:09d}"
        from enterprises.credit_codes import VALUES, WEIGHTS

        if sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True)) % 31 == 0:
            assert check_character(first17) == "0"
            validate_credit_code(first17 + "0")
            return
    pytest.fail("no serial with a check value of 31 found")


@pytest.mark.django_db
def test_an_enterprise_with_a_bad_credit_code_fails_validation():
    enterprise = EnterpriseFactory.build(credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as info:
        enterprise.full_clean(exclude=["city"])
    assert "credit_code" in info.value.message_dict


def test_a_wrong_check_character_is_explained_with_the_right_one():
    from django.utils import translation

    with pytest.raises(ValidationError) as info:
        validate_credit_code("91350100M000100Y44")
    assert "check character 3, not 4" in info.value.messages[0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        validate_credit_code("91350100M000100Y44")
    assert "校验码应为 3，" in info.value.messages[0]
