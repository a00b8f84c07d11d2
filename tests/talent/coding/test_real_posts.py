"""Title coding on real-world posts: noise, generic posts coded to groups, the classification's evidence."""

from __future__ import annotations

import pytest

from talent.coding.builtin import built_in_coder
from talent.coding.coder import TitleCoder
from talent.coding.evidence import Evidence, split_aliases
from talent.coding.text import clean_title
from tests.talent.coding.test_coder import full_coder


@pytest.fixture(scope="module")
def coder() -> TitleCoder:
    return full_coder()


@pytest.mark.parametrize(
    ("title", "group", "label"),
    [
        ("普工", "6-00-00-00", "生产制造及有关人员 — 通用岗位"),
        ("操作工 长白班", "6-00-00-00", "生产制造及有关人员 — 通用岗位"),
        ("生产负责人", "6-00-00-00", "生产制造及有关人员 — 通用岗位"),
        ("车间文员 女 18-35岁", "6-00-00-00", "生产制造及有关人员 — 通用岗位"),
        ("电子厂普工 包吃住", "6-25-00-00", "计算机、通信和其他电子设备制造人员 — 通用岗位"),
        ("汽配厂操作工 两班倒", "6-22-00-00", "汽车制造人员 — 通用岗位"),
    ],
)
def test_generic_titles_code_to_groups_with_the_general_post_label(
    coder: TitleCoder, title: str, group: str, label: str
) -> None:
    top = coder.suggest(title)[0]
    assert (top.code, top.generic, top.label) == (group, True, label)


def test_an_industry_generic_post_offers_the_default_group_and_a_trade_next(coder: TitleCoder) -> None:
    suggestions = coder.suggest("电子厂普工 包吃住")
    codes = [s.code for s in suggestions]
    assert codes[:2] == ["6-25-00-00", "6-00-00-00"]
    assert any(not s.generic and s.level == 4 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_a_title_that_names_a_trade_is_not_generic(coder: TitleCoder) -> None:
    top = coder.suggest("电子厂普工 SMT贴片 回流焊")[0]
    assert not top.generic and top.level == 4
    assert coder.suggest("冲床普工 坐着上班")[0].code == "6-18-01-12"


def test_a_specific_answer_to_a_title_with_generic_words_keeps_the_groups_in_reach(coder: TitleCoder) -> None:
    codes = [s.code for s in coder.suggest("冲床普工 坐着上班")]
    assert "6-00-00-00" in codes and "6-18-00-00" in codes


def test_recruitment_noise_is_stripped() -> None:
    cleaned = clean_title(
        "深圳市立讯精密工业股份有限公司 招聘电焊工 宝安区 月薪8000-9000 包吃住 长白班 会看图纸"
    )
    assert cleaned == "电焊工"
    assert clean_title("苏州工业园区 生产文员 五险一金") == "生产文员"
    # 长白班 is a shift, never the county 长白; a requirement alone stays (it is all there is).
    assert clean_title("长白班 质检员") == "质检员"
    assert clean_title("会电焊") == "会电焊"


def test_noise_does_not_change_a_generic_answer(coder: TitleCoder) -> None:
    plain = [s.code for s in coder.suggest("电子厂普工")]
    noisy = [
        s.code for s in coder.suggest("【急招】东莞XX电子有限公司 电子厂普工 20元/小时 包吃住 长白班 可预支")
    ]
    assert noisy[:2] == plain[:2]


def test_the_classifications_aliases_find_an_occupation_no_synonym_names(coder: TitleCoder) -> None:
    # 挡车工 is an alias of 织布工 in the classification and in none of the project's synonyms.
    without = built_in_coder(evidence=False)
    assert without.suggest("挡车工 三班倒")[0].code != "6-04-03-03"
    assert coder.suggest("挡车工 三班倒")[0].code == "6-04-03-03"


def test_definitions_and_tasks_are_evidence() -> None:
    codes = ["9-01-01-01", "9-01-01-02"]
    names = ["甲类制造工", "乙类制造工"]
    evidence = {
        "9-01-01-01": Evidence(
            definition="使用绕线机、浸渍设备，制造电感线圈的人员。", tasks="1.操作绕线机绕制线圈"
        ),
        "9-01-01-02": Evidence(definition="使用注塑机，成型塑料外壳的人员。", tasks="1.操作注塑机"),
    }
    bare = TitleCoder(codes, names, [4, 4])
    rich = TitleCoder(codes, names, [4, 4], evidence=evidence)
    assert bare.suggest("绕线机 线圈") == []
    assert rich.suggest("绕线机 线圈")[0].code == "9-01-01-01"
    assert rich.suggest("注塑机 外壳")[0].code == "9-01-01-02"


def test_aliases_are_split_and_lose_the_editions_marks() -> None:
    assert split_aliases("普工/操作工,技工,工业机器人系统运维员S") == (
        "普工",
        "操作工",
        "技工",
        "工业机器人系统运维员",
    )


def test_boosts_lift_a_confirmed_code(coder: TitleCoder) -> None:
    before = [s.code for s in coder.suggest("电子厂普工 包吃住")]
    assert before[0] == "6-25-00-00"
    after = coder.suggest("电子厂普工 包吃住", boosts={"6-25-04-07": 0.84})
    assert after[0].code == "6-25-04-07" and not after[0].generic
    assert "6-25-00-00" in [s.code for s in after]


def test_a_title_of_worker_noise_alone_is_a_generic_post(coder: TitleCoder) -> None:
    for title in ("男工", "临时工 日结 200元/天"):
        top = coder.suggest(title)[0]
        assert (top.code, top.generic) == ("6-00-00-00", True)
    assert coder.suggest("包吃住 五险一金 8000") == []


def test_the_classifications_own_catch_all_word_keeps_its_group_first(coder: TitleCoder) -> None:
    # 杂工 is the classification's alias of 生产辅助人员 (6-31-00-00).
    top = coder.suggest("杂工 厂区打杂 日结200")[0]
    assert (top.code, top.generic) == ("6-31-00-00", True)
    # An industry named in the company name still leads.
    assert coder.suggest("深圳市XX电子有限公司 诚聘普工 18-40周岁")[0].code == "6-25-00-00"


def test_an_alias_that_only_names_an_industry_does_not_pull_titles(coder: TitleCoder) -> None:
    # "服装/纺织/皮革跟单" split gives the bare 服装 under 秘书; a garment plant's 车工 is still a sewer.
    assert coder.suggest("服装厂 车工")[0].code == "6-05-01-03"


def test_the_employers_industry_picks_the_group_when_the_title_names_none(coder: TitleCoder) -> None:
    assert coder.suggest("普工", industry="C39")[0].code == "6-25-00-00"
    # The title's own industry word wins; a trade stays a trade.
    assert coder.suggest("电子厂普工", industry="C34")[0].code == "6-25-00-00"
    assert coder.suggest("焊工", industry="C39")[0].code == "6-18-02-04"
    assert coder.suggest("普工", industry="Z99")[0].code == "6-00-00-00"
