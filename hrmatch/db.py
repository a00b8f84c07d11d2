"""Database housekeeping shared by the bulk loaders."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load.

    Tables filled inside one transaction look empty to the planner until they are analysed, and it
    then picks nested loops that scan thousands of rows per row. ANALYZE runs inside the transaction
    and sees its own rows. Other databases need nothing.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
