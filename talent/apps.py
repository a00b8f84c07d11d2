from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Workers and skills")

    def ready(self) -> None:
        from hrmatch.actors import register_membership_reader
        from talent.selectors import worker_actor_fields

        register_membership_reader(worker_actor_fields)
        from hrmatch.access import register_worker_city_reader

        register_worker_city_reader(workers_home_city)


def workers_home_city(worker_ids: list[int]) -> int | None:
    """The home city the given workers share, or None when they live in several (for the access log)."""
    from talent.models import WorkerProfile

    cities = list(
        WorkerProfile.objects.filter(pk__in=worker_ids[:1000])
        .order_by()
        .values_list("home_city_id", flat=True)
        .distinct()[:2]
    )
    return cities[0] if len(cities) == 1 else None
