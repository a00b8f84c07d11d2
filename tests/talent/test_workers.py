import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hrmatch.actors import Actor
from talent.models import ConsentRecord, WorkerDuplicate, WorkerProfile
from talent.services import consent_grant, consent_revoke, worker_create, worker_update
from tests import factories

VALID_ID = "11010519491231002X"


def worker_data(city, **overrides):
    data = {
        "full_name": "王建国",
        "mobile": "138 1234 5678",
        "birth_year": 1990,
        "home_city": city,
        "latitude": 29.87,
        "longitude": 121.55,
        "available_from": dt.date(2026, 12, 1),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_registered_worker_keeps_only_hash_and_mask_of_the_id_number(city):
    worker = worker_create(data=worker_data(city), id_number=VALID_ID)
    stored = WorkerProfile.objects.filter(pk=worker.pk).values().get()
    assert VALID_ID not in str(stored.values())
    assert worker.id_number_masked == "110105********002X"
    assert len(worker.id_number_hash) == 64
    assert worker.mobile == "13812345678"


@pytest.mark.django_db
def test_a_second_profile_with_the_same_mobile_is_linked_and_flagged_not_merged(city):
    first = worker_create(data=worker_data(city))
    second = worker_create(data=worker_data(city, full_name="王建国(二)", mobile="+86 13812345678"))
    assert WorkerProfile.objects.count() == 2
    flag = WorkerDuplicate.objects.get(worker=second)
    assert flag.duplicate_of == first
    assert flag.reason == WorkerDuplicate.Reason.MOBILE


@pytest.mark.django_db
def test_the_same_id_number_under_another_mobile_is_flagged(city):
    first = worker_create(data=worker_data(city), id_number=VALID_ID)
    second = worker_create(data=worker_data(city, mobile="13900000000"), id_number=VALID_ID.lower())
    assert list(WorkerDuplicate.objects.filter(worker=second).values_list("duplicate_of", "reason")) == [
        (first.pk, "id_number")
    ]


@pytest.mark.django_db
def test_different_people_are_not_flagged(city):
    worker_create(data=worker_data(city))
    worker_create(data=worker_data(city, mobile="13900000000"))
    assert not WorkerDuplicate.objects.exists()


@pytest.mark.django_db
def test_changing_the_mobile_to_a_known_one_flags_it(city):
    first = worker_create(data=worker_data(city))
    second = worker_create(data=worker_data(city, mobile="13900000000"))
    worker_update(worker=second, data={"mobile": "13812345678"})
    assert WorkerDuplicate.objects.filter(worker=second, duplicate_of=first).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("mobile", "2345"), ("birth_year", 1900), ("max_commute_km", 0), ("latitude", 80.0), ("form_mask", 0)],
)
def test_invalid_profiles_are_refused_with_a_field_message(city, field, value):
    with pytest.raises(ValidationError) as info:
        worker_create(data=worker_data(city, **{field: value}))
    assert field in info.value.message_dict
    assert not WorkerProfile.objects.exists()


@pytest.mark.django_db
def test_an_invalid_id_number_writes_nothing(city):
    with pytest.raises(ValidationError):
        worker_create(data=worker_data(city), id_number="110105194912310021")
    assert not WorkerProfile.objects.exists()


@pytest.mark.django_db
def test_revoking_matching_consent_takes_the_worker_out_of_matching(city):
    worker = worker_create(data=worker_data(city), consent_by=Actor(user=factories.UserFactory()))
    record = ConsentRecord.objects.get(worker=worker, purpose="matching")
    consent_revoke(record=record)
    worker.refresh_from_db()
    assert worker.consent_to_matching is False
    assert record.revoked_at is not None
    again = consent_grant(worker=worker, purpose="matching")
    worker.refresh_from_db()
    assert worker.consent_to_matching is True
    assert again.pk != record.pk


@pytest.mark.django_db
def test_consent_to_share_needs_the_enterprise_it_is_given_to(city):
    worker = worker_create(data=worker_data(city))
    with pytest.raises(ValidationError):
        consent_grant(worker=worker, purpose="share_enterprise")


@pytest.mark.django_db
def test_a_profile_change_with_a_bad_skill_level_writes_neither_profile_nor_skills(city):
    from hrmatch.actors import actor_for
    from talent.services import worker_profile_update
    from tests import factories

    worker = worker_create(data=worker_data(city))
    skill = factories.SkillFactory()

    with pytest.raises(ValidationError):
        worker_profile_update(
            actor=actor_for(None), worker=worker, data={"desired_pay": 9000}, skills=[(skill.pk, 9)]
        )

    worker.refresh_from_db()
    assert worker.desired_pay is None
    assert not worker.skills.exists()


@pytest.mark.django_db
def test_a_profile_change_and_new_skills_are_saved_together(city):
    from hrmatch.actors import actor_for
    from talent.services import worker_profile_update
    from tests import factories

    worker = worker_create(data=worker_data(city))
    skill = factories.SkillFactory()

    saved = worker_profile_update(
        actor=actor_for(None), worker=worker, data={"desired_pay": 9000}, skills=[(skill.pk, 3)]
    )

    assert saved.desired_pay == 9000
    assert list(saved.skills.values_list("skill_id", "level")) == [(skill.pk, 3)]
