"""Worker pages: sign-up, one's own profile and privacy (consents, one's data, erasure).

The agency's worker pool (register, edit, import, export) lives in agencies.views.pool."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.selectors import access_seen_by
from hrmatch.actors import Role
from hrmatch.pages import HtmxRequest, actor_of, role_required
from hrmatch.throttling import throttle_posts
from pilots.models import District
from talent import services
from talent.forms import DeleteProfileForm, SignupForm, WorkerProfileForm, attach_errors, skill_rows
from talent.models import ConsentRecord, WorkerProfile
from talent.privacy import consent_party_exists, privacy_overview
from talent.record_pages import record_delete, record_edit, records_context
from talent.selectors import worker_manageable_list
from talent.skill_picker import skill_search

# ---------------------------------------------------------------------------------------------------
# A worker's own account
# ---------------------------------------------------------------------------------------------------


@throttle_posts("signup")
def signup(request: HttpRequest) -> HttpResponse:
    """Sign up with a mobile number: creates the login and the worker profile, then asks to sign in.

    The answer is the same whether or not the number already has an account (nothing is created
    then), so the form cannot be used to learn who is registered; the worker signs in next.
    """
    if request.user.is_authenticated and actor_of(request).worker_id is not None:
        return redirect("matching:recommendations")
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.worker_account_open(
                mobile=data["mobile"], password=data["password"], data=form.profile_data()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Your account is ready. Sign in with your mobile number and password, then add your skills."
                ),
            )
            login_url = reverse("login")
            if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                login_url += "?" + urlencode({"next": next_url})
            return redirect(login_url)
    return render(request, "talent/worker_signup.html", {"form": form, "next": request.GET.get("next", "")})


@require_GET
def district_options(request: HttpRequest) -> HttpResponse:
    """htmx: the district options of the chosen city."""
    city_id = request.GET.get("home_city", "")
    districts = (
        District.objects.filter(city_id=int(city_id))
        if city_id.isdigit() and len(city_id) < 10
        else District.objects.none()
    )
    return render(request, "talent/partials/district_options.html", {"districts": districts})


@require_GET
def skill_options(request: HttpRequest) -> HttpResponse:
    """htmx: the skills matching what was typed in a skill picker (public reference data, as the API's)."""
    field = request.GET.get("field", "")
    query = (
        request.GET.get(field, "") if field.endswith("_q") and len(field) <= 60 else request.GET.get("q", "")
    )
    list_id = request.GET.get("list", "")
    if not list_id.replace("-", "").replace("_", "").isalnum() or len(list_id) > 80:
        list_id = "skill-options"
    return render(
        request,
        "talent/partials/skill_options.html",
        {"skills": skill_search(query), "query": query.strip(), "list_id": list_id},
    )


def _own_profile(request: HttpRequest) -> WorkerProfile:
    actor = actor_of(request)
    if actor.worker_id is None:
        raise Http404
    return get_object_or_404(
        worker_manageable_list(actor=actor).select_related(
            "home_city", "home_district", "primary_occupation"
        ),
        pk=actor.worker_id,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """A worker keeps their profile: preferences, skills with levels, certificates."""
    worker = _own_profile(request)
    form = WorkerProfileForm(request.POST or None, instance=worker)
    skills = skill_rows(worker, request.POST or None)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            services.worker_profile_update(
                actor=actor_of(request), worker=worker, data=form.profile_data(), skills=skills.pairs()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved. Recommendations are refreshed."))
            return redirect("talent:profile")
    return render(
        request,
        "talent/worker_profile.html",
        {"worker": worker, "form": form, "skills": skills, **records_context(worker)},
    )


@role_required(Role.WORKER)
def profile_record(request: HttpRequest, kind: str, record_id: int | None = None) -> HttpResponse:
    """Add or correct one of my certificates or jobs of my work history."""
    back = reverse("talent:profile") + "#records"
    return record_edit(request, worker=_own_profile(request), kind=kind, record_id=record_id, back=back)


@role_required(Role.WORKER)
@require_POST
def profile_record_delete(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    """Remove one of my certificates or jobs."""
    back = reverse("talent:profile") + "#records"
    return record_delete(request, worker=_own_profile(request), kind=kind, record_id=record_id, back=back)


# ---------------------------------------------------------------------------------------------------
# A worker's privacy: consents, their data, erasure
# ---------------------------------------------------------------------------------------------------


@role_required(Role.WORKER)
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What each enterprise and agency may see, consents with one-click grant and revoke, my data."""
    worker = _own_profile(request)
    context = privacy_overview(worker)
    context["seen_by"] = access_seen_by(worker_id=worker.pk)[:100]
    return render(request, "talent/privacy.html", context)


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@role_required(Role.WORKER)
@require_POST
def privacy_consent(request: HtmxRequest) -> HttpResponse:
    """Grant or revoke one consent (matching, or sharing the profile with one enterprise or agency)."""
    worker = _own_profile(request)
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    party = {
        "enterprise_id": _int(request.POST.get("enterprise"))
        if purpose == ConsentRecord.Purpose.SHARE_ENTERPRISE
        else None,
        "agency_id": _int(request.POST.get("agency"))
        if purpose == ConsentRecord.Purpose.SHARE_AGENCY
        else None,
    }
    if action not in ("grant", "revoke") or not consent_party_exists(purpose=purpose, **party):
        raise Http404
    if action == "grant":
        services.consent_grant(
            worker=worker,
            purpose=purpose,
            actor=actor_of(request),
            enterprise_id=party["enterprise_id"],
            agency_id=party["agency_id"],
        )
        messages.success(request, _("Consent given. You can revoke it here at any time."))
    else:
        services.consent_withdraw(actor=actor_of(request), worker=worker, purpose=purpose, **party)
        messages.success(request, _("Consent revoked."))
    if request.htmx:
        worker.refresh_from_db()
        return render(request, "talent/partials/privacy_consents.html", privacy_overview(worker))
    return redirect("talent:privacy")


@role_required(Role.WORKER)
@require_GET
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Download my data: every record about me, as JSON."""
    data = services.worker_data_export(actor=actor_of(request), worker=_own_profile(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-hrmatch-data.json"'
    return response


@role_required(Role.WORKER)
def privacy_delete(request: HttpRequest) -> HttpResponse:
    """Delete my profile: after a confirmation, the profile is anonymised at once and the login closed."""
    worker = _own_profile(request)
    form = DeleteProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.worker_erase(actor=actor_of(request), worker=worker)
        logout(request)
        messages.success(request, _("Your profile is deleted. Thank you for using the job board."))
        return redirect("enterprises:job-list")
    return render(request, "talent/privacy_delete.html", {"form": form, "worker": worker})
