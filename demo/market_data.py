"""What the demo labour market is made of: its cities, occupations and pay, names, perks, and the demo
login of each role (see demo.builder)."""

from __future__ import annotations

from dataclasses import dataclass

from enterprises.credit_codes import check_character

# Ningbo, Suzhou and Shenzhen: confirmed pilot cities with large manufacturing bases.
DEMO_CITY_CODES = ("330200", "320500", "440300")

# Occupations a manufacturing demo needs most, with a typical monthly pay (CNY) and the industries that hire them.
DEMO_OCCUPATIONS: dict[str, tuple[int, tuple[str, ...]]] = {
    "6-18-02-04": (7500, ("C33", "C34", "C35", "C36", "C37")),  # 焊工
    "6-18-01-01": (7000, ("C34", "C35", "C36")),  # 车工
    "6-18-01-07": (8000, ("C34", "C35", "C36", "C40")),  # 多工序数控机床操作调整工
    "6-18-01-02": (6800, ("C34", "C35")),  # 铣工
    "6-18-01-12": (6000, ("C33", "C36", "C38")),  # 冲压工
    "6-18-03-03": (6500, ("C33", "C36", "C21")),  # 涂装工
    "6-18-04-01": (8500, ("C29", "C34", "C36")),  # 模具工
    "6-20-01-01": (6500, ("C34", "C35")),  # 装配钳工
    "6-31-01-02": (6800, ("C34", "C35", "C36", "C38")),  # 机修钳工
    "6-31-01-03": (7000, ("C38", "C39", "C34")),  # 电工
    "6-31-07-01": (9500, ("C36", "C38", "C39")),  # 工业机器人系统运维员
    "6-25-04-07": (6200, ("C39", "C38")),  # 电子设备装接工
    "6-14-02-00": (5800, ("C29",)),  # 塑料制品成型制作工
    "6-31-03-05": (6200, ("C34", "C36", "C38", "C39")),  # 质检员
    "6-05-01-03": (5200, ("C18", "C17")),  # 缝纫工
    "6-22-01-01": (6300, ("C36",)),  # 汽车生产线操作工
    "4-02-06-01": (5500, ("C34", "C36", "C39", "C41")),  # 仓储管理员
    "6-30-05-01": (6500, ("C34", "C36", "C41")),  # 起重装卸机械操作工
    "2-02-07-01": (12000, ("C34", "C35", "C36")),  # 机械设计工程技术人员
    "2-02-07-07": (13000, ("C36", "C38", "C39")),  # 自动控制工程技术人员
}

AGENCY_NAMES = ("人力资源服务有限公司", "人才服务集团有限公司", "劳务派遣有限公司", "企业管理咨询有限公司")
ENTERPRISE_SUFFIX = {
    "C33": "金属制品有限公司",
    "C34": "精密机械有限公司",
    "C35": "智能装备股份有限公司",
    "C36": "汽车零部件有限公司",
    "C37": "船舶配套有限公司",
    "C38": "电气有限公司",
    "C39": "电子科技有限公司",
    "C40": "仪器仪表有限公司",
    "C29": "塑胶制品有限公司",
    "C21": "家具有限公司",
    "C18": "服饰有限公司",
    "C17": "纺织有限公司",
    "C13": "食品有限公司",
    "C14": "食品股份有限公司",
    "C41": "实业有限公司",
}
PERKS = ("包吃住", "五险一金", "月休4天", "年终奖", "交通补贴", "餐补", "技能津贴", "节日福利")
CERT_ISSUERS = ("宁波市职业技能鉴定中心", "江苏省职业技能鉴定中心", "深圳市职业技能鉴定中心")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    description: str


DEMO_LOGINS = (
    DemoLogin("admin", "admin", "platform administrator"),
    DemoLogin("agency", "agency", "agency staff, 宁波 agency"),
    DemoLogin("factory", "factory", "factory HR manager, 宁波 enterprise"),
    DemoLogin("worker", "worker", "worker with a profile in 宁波"),
    DemoLogin("city", "city", "city official, 宁波"),
    DemoLogin("ministry", "ministry", "national official, all pilot cities"),
    DemoLogin("provider", "provider", "training provider staff, 宁波 college"),
)


def credit_code(division: str, number: int) -> str:
    """A valid unified social credit code: authority 9 (market regulation), type 1, division, serial, check."""
    first17 = f"91{division}{number:09d}"
    return first17 + check_character(first17)
