"""Each model's field list has one source: every field the API takes is one its service writes."""

from __future__ import annotations

from enterprises.api.serializers import VacancyCreateInputSerializer, VacancyUpdateInputSerializer
from enterprises.services import VACANCY_EDITABLE_FIELDS
from talent.api.serializers import WorkerCreateInputSerializer, WorkerUpdateInputSerializer
from talent.services import PROFILE_FIELDS

# Input that the serializers turn into model fields (to_service) or hand to the service apart.
WORKER_APART = {"id_number", "accepted_shifts", "accepted_forms", "skills", "agency", "paper_consent_note"}
VACANCY_APART = {"skills", "enterprise"}


def test_every_worker_field_the_api_takes_is_one_the_worker_services_write():
    for serializer in (WorkerUpdateInputSerializer(), WorkerCreateInputSerializer()):
        assert set(serializer.fields) - WORKER_APART <= PROFILE_FIELDS


def test_every_vacancy_field_the_api_takes_is_one_the_vacancy_services_write():
    for serializer in (VacancyUpdateInputSerializer(), VacancyCreateInputSerializer()):
        assert set(serializer.fields) - VACANCY_APART <= VACANCY_EDITABLE_FIELDS
