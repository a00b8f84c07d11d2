"""Where matching listens to the apps below it: a published vacancy or a changed profile is re-matched
after its transaction commits."""

from __future__ import annotations

from django.dispatch import receiver

from enterprises.signals import vacancy_published
from talent.signals import worker_profile_changed


@receiver(vacancy_published, dispatch_uid="matching.vacancy_published")
def refresh_vacancy_shortlist(sender, vacancy, **kwargs) -> None:
    from matching.tasks import match_vacancy

    match_vacancy.delay_on_commit(vacancy.pk)


@receiver(worker_profile_changed, dispatch_uid="matching.worker_profile_changed")
def refresh_worker_recommendations(sender, worker, **kwargs) -> None:
    from matching.tasks import match_worker

    match_worker.delay_on_commit(worker.pk)
