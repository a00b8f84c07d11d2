"""The benchmark city's reference data and fixed traits: word lists, the city's districts, parks and
occupations as arrays, and the traits drawn once per seed (see demo.benchmark_city)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.core.management.base import CommandError
from django.db import models

from enterprises.credit_codes import ALPHABET
from pilots.models import District, Park, PilotCity
from talent.models import Importance, Occupation, OccupationSkill
from talent.work_terms import FORM_BITS, EmploymentForm, ShiftPattern

# Three base-31 characters of the credit code carry the seed.
MAX_SEED = len(ALPHABET) ** 3 - 1

# Surnames roughly in order of frequency (weights fall off with rank); given names from common characters.
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国志文斌宇浩凯俊帅鑫波宁亮飞林峰海东雪梅琳"
    "晨欣怡佳婷倩颖琴兰凤春燕荣成龙云新民永德胜利福庆祥瑞嘉乐安"
)
BRAND = tuple("恒达华盛精工海天金宏鑫隆泰兴瑞丰宝通远博创新联合发力正诚信永顺长光明科佳立德中昌")
ROADS = (
    "工业路",
    "创业路",
    "兴业大道",
    "科技路",
    "园区路",
    "发展路",
    "滨海路",
    "东方大道",
    "环城北路",
    "开发区大道",
)
# Where migrant workers' household registrations are, beside the city's own province.
HOMETOWNS = (
    "河南省",
    "安徽省",
    "四川省",
    "贵州省",
    "江西省",
    "湖南省",
    "湖北省",
    "云南省",
    "甘肃省",
    "广西壮族自治区",
)
TITLE_PREFIXES = ("", "", "", "熟练", "资深", "储备")
ENTERPRISE_SUFFIX = {
    "C13": "食品有限公司",
    "C17": "纺织有限公司",
    "C18": "服饰有限公司",
    "C21": "家具有限公司",
    "C26": "化工有限公司",
    "C27": "制药有限公司",
    "C29": "塑胶制品有限公司",
    "C30": "新材料有限公司",
    "C32": "有色金属有限公司",
    "C33": "金属制品有限公司",
    "C34": "精密机械有限公司",
    "C35": "智能装备股份有限公司",
    "C36": "汽车零部件有限公司",
    "C37": "船舶配套有限公司",
    "C38": "电气有限公司",
    "C39": "电子科技有限公司",
    "C40": "仪器仪表有限公司",
    "C41": "实业有限公司",
}
# Rough weight of each industry among the city's manufacturers (machinery, vehicles and electronics lead).
INDUSTRY_WEIGHTS = {
    "C13": 2, "C17": 4, "C18": 5, "C21": 3, "C26": 3, "C27": 2, "C29": 8, "C30": 3, "C32": 2, "C33": 9,
    "C34": 14, "C35": 10, "C36": 10, "C37": 3, "C38": 9, "C39": 9, "C40": 3, "C41": 2,
}  # fmt: skip
MOBILE_PREFIXES = np.array(
    [
        *range(130, 140),
        145,
        147,
        *range(150, 154),
        *range(155, 160),
        166,
        *range(170, 179),
        *range(180, 190),
        198,
        199,
    ]
)
FORMS = np.array([form.value for form in EmploymentForm])
FORM_BIT_VALUES = np.array([FORM_BITS[form] for form in FORMS])
SHIFTS = np.array([shift.value for shift in ShiftPattern])


# -- reference data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Occupation → skill links as a CSR table: the links of occupation k are rows ptr[k]:ptr[k+1]."""

    ptr: np.ndarray
    skill: np.ndarray
    level: np.ndarray

    @classmethod
    def build(
        cls, occupation_index: np.ndarray, skill: np.ndarray, level: np.ndarray, n_occupations: int
    ) -> Links:
        order = np.argsort(occupation_index, kind="stable")
        counts = np.bincount(occupation_index, minlength=n_occupations)
        ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(ptr=ptr, skill=skill[order], level=level[order])

    def sizes(self, occupations: np.ndarray) -> np.ndarray:
        return self.ptr[occupations + 1] - self.ptr[occupations]


@dataclass(frozen=True)
class CityReference:
    """What the generator needs of the city and the taxonomy, as arrays indexed 0..n-1."""

    city_id: int
    city_code: str
    city_name: str
    province: str
    district_ids: np.ndarray  # -1 when the city has no districts loaded (the city centre stands in)
    district_names: list[str]
    district_lat: np.ndarray
    district_lon: np.ndarray
    park_ids: np.ndarray
    park_district: np.ndarray  # index into the district arrays
    park_lat: np.ndarray
    park_lon: np.ndarray
    occupation_ids: np.ndarray
    occupation_names: list[str]
    engineering: np.ndarray  # bool: a 2-02 engineering occupation rather than a group-6 production one
    links: Links
    required: Links
    preferred: Links


def load_city_reference(city: PilotCity) -> CityReference:
    """Read the city's districts and industrial parks and every group-6 and 2-02 occupation with skill links."""
    districts = list(District.objects.filter(city=city).order_by("code"))
    if not districts:
        districts = [District(id=-1, name_zh="", latitude=city.latitude, longitude=city.longitude)]
    district_index = {d.id: i for i, d in enumerate(districts)}
    parks = [
        p
        for p in Park.objects.filter(city=city, kind=Park.Kind.INDUSTRIAL).order_by("name_zh")
        if p.district_id in district_index
    ]
    rows = list(
        OccupationSkill.objects.filter(occupation__level=Occupation.Level.OCCUPATION)
        .filter(models.Q(occupation__code__startswith="6-") | models.Q(occupation__code__startswith="2-02-"))
        .order_by("occupation__code", "skill_id")
        .values_list(
            "occupation_id", "occupation__code", "occupation__name", "skill_id", "importance", "level"
        )
    )
    if not rows:
        raise CommandError(
            "No group-6 occupation has skill links yet: run `manage.py load_reference` "
            "(it loads talent/data/occupation_skills.csv) before seeding a benchmark city."
        )
    occupations: dict[int, tuple[str, str]] = {}
    for occupation_id, code, name, *_rest in rows:
        occupations.setdefault(occupation_id, (code, name))
    occupation_ids = np.array(list(occupations), dtype=np.int64)
    index_of = {occupation_id: i for i, occupation_id in enumerate(occupations)}
    link_occ = np.array([index_of[r[0]] for r in rows], dtype=np.int64)
    link_skill = np.array([r[3] for r in rows], dtype=np.int64)
    link_level = np.array([r[5] for r in rows], dtype=np.int16)
    required = np.array([r[4] == Importance.REQUIRED for r in rows])
    n = len(occupation_ids)
    return CityReference(
        city_id=city.id,
        city_code=city.code,
        city_name=city.name_zh.removesuffix("市"),
        province=city.province,
        district_ids=np.array([d.id for d in districts], dtype=np.int64),
        district_names=[d.name_zh for d in districts],
        district_lat=np.array([d.latitude for d in districts]),
        district_lon=np.array([d.longitude for d in districts]),
        park_ids=np.array([p.id for p in parks], dtype=np.int64),
        park_district=np.array(
            [district_index[d] for p in parks if (d := p.district_id) is not None], dtype=np.int64
        ),
        park_lat=np.array([p.latitude for p in parks]),
        park_lon=np.array([p.longitude for p in parks]),
        occupation_ids=occupation_ids,
        occupation_names=[name for _code, name in occupations.values()],
        engineering=np.array([code.startswith("2-") for code, _name in occupations.values()]),
        links=Links.build(link_occ, link_skill, link_level, n),
        required=Links.build(link_occ[required], link_skill[required], link_level[required], n),
        preferred=Links.build(link_occ[~required], link_skill[~required], link_level[~required], n),
    )


# -- the city's fixed traits, drawn once per seed -----------------------------------------------------------


@dataclass(frozen=True)
class CityTraits:
    """Weights that shape the whole city: which districts are populous, which occupations common, what they pay."""

    district_weight: np.ndarray
    production_weight: np.ndarray  # over occupations; zero on engineering ones
    engineering_weight: np.ndarray  # zero on production ones (all zero when the taxonomy has none)
    occupation_pay: np.ndarray


def draw_traits(ref: CityReference, rng: np.random.Generator) -> CityTraits:
    """Zipf-like occupation popularity (a few trades dominate a city) and a median pay per occupation."""
    n = len(ref.occupation_ids)
    popularity = 1.0 / (rng.permutation(n) + 4.0)
    production = np.where(ref.engineering, 0.0, popularity)
    engineering = np.where(ref.engineering, popularity, 0.0)
    if production.sum() == 0:  # only engineers linked: let them stand in for production trades too
        production = engineering.copy()
    district_weight = rng.dirichlet(np.full(len(ref.district_ids), 3.0))
    pay = np.where(ref.engineering, 11_000.0, 6_600.0) * rng.lognormal(0.0, 0.15, n)
    return CityTraits(
        district_weight=district_weight,
        production_weight=production / production.sum(),
        engineering_weight=engineering / engineering.sum() if engineering.sum() else engineering,
        occupation_pay=pay,
    )


def pick_occupations(
    traits: CityTraits, rng: np.random.Generator, n: int, engineering_share: float
) -> np.ndarray:
    """Occupation indexes: mostly production trades, `engineering_share` of them 2-02 engineers when loaded."""
    production = rng.choice(len(traits.production_weight), size=n, p=traits.production_weight)
    if not traits.engineering_weight.any():
        return production
    engineers = rng.choice(len(traits.engineering_weight), size=n, p=traits.engineering_weight)
    return np.where(rng.random(n) < engineering_share, engineers, production)


def sample_links(
    links: Links, occupations: np.ndarray, k: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """For owner i, min(k[i], links of its occupation) distinct links at random: (owner index, link row) pairs.

    Every owner's candidate links are laid out contiguously, shuffled within the owner by sorting on
    owner + a uniform fraction, and the first k kept: sampling without replacement, fully vectorised.
    """
    sizes = links.sizes(occupations)
    total = int(sizes.sum())
    owner = np.repeat(np.arange(len(occupations), dtype=np.int64), sizes)
    starts = np.cumsum(sizes) - sizes
    position = np.arange(total, dtype=np.int64) - np.repeat(starts, sizes)
    row = np.repeat(links.ptr[occupations], sizes) + position
    order = np.argsort(owner + rng.random(total), kind="stable")
    # After the sort owners are still contiguous with the same sizes, so `position` is each entry's rank.
    keep = order[position < np.repeat(np.minimum(k, sizes), sizes)]
    return owner[keep], row[keep]
