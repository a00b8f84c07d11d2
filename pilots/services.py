"""Writes of the programme's reference data: loading the pilot cities, districts and parks from pilots/data/."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from hrmatch.tabular import read_table
from pilots.models import District, Park, PilotCity

DATA_DIR = Path(__file__).resolve().parent / "data"
TRUE_VALUES = {"1", "true", "yes"}


@transaction.atomic
def pilot_reference_load(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Upsert cities by division code, districts by code and parks by (city, name); admins' edits to other
    fields of existing cities (is_active) are kept. Returns the counts loaded."""
    cities = read_table(data_dir / "pilot_cities.csv")
    for _number, row in cities.rows:
        PilotCity.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "province": row["province_zh"],
                "province_en": row.get("province_en", ""),
                "region": row["region"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "confirmed": row["confirmed"].lower() in TRUE_VALUES,
                "note": row.get("note", "")[:200],
            },
        )
    city_ids = dict(PilotCity.objects.values_list("code", "id"))
    districts = read_table(data_dir / "districts.csv")
    for _number, row in districts.rows:
        District.objects.update_or_create(
            code=row["code"],
            defaults={
                "city_id": city_ids[row["city_code"]],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )
    district_ids = dict(District.objects.values_list("code", "id"))
    parks = read_table(data_dir / "parks.csv")
    for _number, row in parks.rows:
        Park.objects.update_or_create(
            city_id=city_ids[row["city_code"]],
            name_zh=row["name_zh"],
            defaults={
                "district_id": district_ids.get(row.get("district_code", "")),
                "name_en": row["name_en"],
                "kind": row["kind"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )
    return {"cities": len(cities.rows), "districts": len(districts.rows), "parks": len(parks.rows)}
