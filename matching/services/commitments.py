"""Order-based training (订单式培养): a graduate of a cohort with committed vacancies gets a reserved
place on their candidate lists, as an engine suggestion the factory sees in its pipeline."""

from __future__ import annotations

from enterprises.models import Vacancy
from matching.models import Match
from matching.selectors import current_run_id
from matching.services.pipeline import application_suggest
from talent.models import MATCHABLE_STATUSES
from training.models import CohortCommitment, Enrolment


def graduate_reserve_places(*, enrolment: Enrolment) -> int:
    """Suggest the graduate to every open vacancy committed to their cohort (with the current run's score
    for the pair when it has one); returns how many vacancies. A graduate without matching consent (or
    no longer looking for work) is put forward to nobody: the reserved place waits for their consent."""
    worker = enrolment.worker
    if not worker.consent_to_matching or worker.status not in MATCHABLE_STATUSES:
        return 0
    commitments = CohortCommitment.objects.filter(
        cohort_id=enrolment.cohort_id, vacancy__status=Vacancy.Status.OPEN
    ).select_related("vacancy")
    count = 0
    for commitment in commitments:
        vacancy = commitment.vacancy
        match = (
            Match.objects.filter(
                run_id=current_run_id(vacancy.city_id),
                direction=Match.Direction.SHORTLIST,
                vacancy=vacancy,
                worker_id=enrolment.worker_id,
            )
            .only("score", *Match.PART_FIELDS)
            .first()
        )
        features = {name: getattr(match, name) for name in Match.PART_FIELDS} if match else {}
        application_suggest(
            worker=enrolment.worker, vacancy=vacancy, score=match.score if match else 0.0, features=features
        )
        count += 1
    return count
