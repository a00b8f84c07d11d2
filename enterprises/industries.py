"""Manufacturing industries: the divisions of section C of the national industry classification (GB/T 4754-2017)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    C13 = "C13", _("Agricultural and sideline food processing")
    C14 = "C14", _("Food manufacturing")
    C15 = "C15", _("Beverages and refined tea")
    C17 = "C17", _("Textiles")
    C18 = "C18", _("Textile garments and apparel")
    C19 = "C19", _("Leather, fur and footwear")
    C20 = "C20", _("Wood processing")
    C21 = "C21", _("Furniture")
    C22 = "C22", _("Paper and paper products")
    C23 = "C23", _("Printing")
    C24 = "C24", _("Stationery, sporting goods and toys")
    C25 = "C25", _("Petroleum, coal and fuel processing")
    C26 = "C26", _("Chemical raw materials and products")
    C27 = "C27", _("Pharmaceuticals")
    C28 = "C28", _("Chemical fibres")
    C29 = "C29", _("Rubber and plastic products")
    C30 = "C30", _("Non-metallic mineral products")
    C31 = "C31", _("Ferrous metal smelting and rolling")
    C32 = "C32", _("Non-ferrous metal smelting and rolling")
    C33 = "C33", _("Metal products")
    C34 = "C34", _("General-purpose machinery")
    C35 = "C35", _("Special-purpose machinery")
    C36 = "C36", _("Automobiles")
    C37 = "C37", _("Railway, ship, aerospace and other transport equipment")
    C38 = "C38", _("Electrical machinery and equipment")
    C39 = "C39", _("Computers, communication and other electronic equipment")
    C40 = "C40", _("Instruments and meters")
    C41 = "C41", _("Other manufacturing")
    C43 = "C43", _("Repair of metal products, machinery and equipment")
