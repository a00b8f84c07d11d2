"""Chinese first: the zh-hans catalogue is complete, and pages and messages come out in Chinese."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.credit_codes import validate_credit_code

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[tuple[str, str, str]]:
    """(flags, msgid, msgstr or first plural form) for every entry of a .po file."""
    found = []
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^"(.*)"$', block, re.M)[0]) if "msgid" in block else ""
        match = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        msgstr = "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""
        found.append((flags, msgid, msgstr))
    return found


def test_every_message_has_a_chinese_translation_and_none_is_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    body = [entry for entry in entries(text) if "msgid" in entry[0] or entry[1] or entry[2]]
    assert len(body) > 800
    assert not [e for e in entries(text) if "fuzzy" in e[0]]
    untranslated = re.findall(r'^msgid "(.+)"\nmsgstr ""\n\n', text + "\n", re.M)
    assert untranslated == []


def test_messages_outside_requests_are_chinese_by_default():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as info:
            validate_credit_code("91350100M000100Y44")
        # Messages are lazy: they are read here, in the language in force.
        assert str(info.value.messages[0]) == (
            "信用代码的校验位不正确：按 GB 32100-2015 由前 17 位计算，校验码应为 3，而不是 4。请核对后重新输入。"
        )


@pytest.mark.django_db
def test_pages_answer_in_chinese_unless_english_is_chosen(client):
    assert "试点城市" in client.get("/cities/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Pilot cities" in client.get("/cities/").content.decode()
