"""Template helpers of the pages: CNY pay ranges, masked mobiles, the workspace switcher, match reasons."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hrmatch.actors import Role
from hrmatch.pages import actor_of, current_role
from talent.identity import mask_mobile as _mask_mobile

register = template.Library()


def _amount(value: Any) -> str:
    return f"{int(value):,}"  # ¥6,000: grouped by thousands in Chinese and English alike


@register.filter
def cny(pay_min: Any, pay_max: Any = None) -> str:
    """¥6,000–8,000/月: a monthly pay range in yuan, grouped by the active language's separator."""
    if pay_min in (None, ""):
        return ""
    try:
        low = _amount(pay_min)
        high = _amount(pay_max) if pay_max not in (None, "") and int(pay_max) != int(pay_min) else ""
    except (TypeError, ValueError):
        return ""
    amount = f"¥{low}–{high}" if high else f"¥{low}"
    return _("%(amount)s/month") % {"amount": amount}


@register.filter
def mask_mobile(value: str) -> str:
    """138****5678."""
    return _mask_mobile(value or "")


def role_label(role: str) -> str:
    labels = {
        Role.ADMIN: _("Administration"),
        Role.AGENCY: _("Agency workspace"),
        Role.FACTORY: _("Factory workspace"),
        Role.PROVIDER: _("Training provider workspace"),
        Role.WORKER: _("My jobs"),
        Role.CITY_OFFICIAL: _("City dashboard"),
        Role.NATIONAL_OFFICIAL: _("National dashboard"),
    }
    return labels.get(role, role)


def _safe_reverse(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def workspace(context: template.Context) -> dict[str, Any]:
    """The signed-in user's roles, the current one, and the navigation links of its workspace."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"roles": [], "current": None, "links": []}
    actor = actor_of(request)
    role = current_role(request, actor)
    links: list[tuple[str, str | None]] = []
    if role == Role.AGENCY:
        links = [
            (_("Overview"), _safe_reverse("agencies:workspace")),
            (_("Client factories"), _safe_reverse("agencies:client-list")),
            (_("Vacancies"), _safe_reverse("enterprises:vacancy-list")),
            (_("Worker pool"), _safe_reverse("agencies:worker-list")),
            (_("Placements"), _safe_reverse("agencies:placement-list")),
            (_("Match runs"), _safe_reverse("matching:run-list")),
            (_("Training"), _safe_reverse("training:enrolment-list")),
            (_("Drives"), _safe_reverse("drives:list")),
        ]
    elif role == Role.FACTORY:
        links = [
            (_("Shortlists"), _safe_reverse("matching:factory-workspace")),
            (_("Vacancies"), _safe_reverse("enterprises:vacancy-list")),
            (_("Order-based training"), _safe_reverse("training:commitment-list")),
            (_("Drives"), _safe_reverse("drives:list")),
        ]
    elif role == Role.PROVIDER:
        links = [
            (_("Overview"), _safe_reverse("training:provider-workspace")),
            (_("Trainees"), _safe_reverse("training:enrolment-list")),
            (_("Programmes"), _safe_reverse("training:programme-list")),
            (_("Training outcomes"), _safe_reverse("training:outcomes")),
        ]
    elif role == Role.WORKER:
        links = [
            (_("Jobs"), _safe_reverse("enterprises:job-list")),
            (_("Recommended"), _safe_reverse("matching:recommendations")),
            (_("My applications"), _safe_reverse("matching:my-applications")),
            (_("Saved jobs"), _safe_reverse("matching:saved-jobs")),
            (_("My profile"), _safe_reverse("talent:profile")),
            (_("Training"), _safe_reverse("training:programme-list")),
            (_("Privacy"), _safe_reverse("talent:privacy")),
        ]
    elif role in (Role.CITY_OFFICIAL, Role.NATIONAL_OFFICIAL):
        links = [
            (_("Dashboard"), _safe_reverse("home")),
            (_("Pilot cities"), _safe_reverse("city-list")),
            (_("Drives"), _safe_reverse("drives:list")),
            (_("What training would change"), _safe_reverse("drives:training-effect")),
            (_("Training outcomes"), _safe_reverse("training:outcomes")),
        ]
    elif role == Role.ADMIN:
        links = [(_("Administration"), _safe_reverse("admin:index"))]
    name = request.user.get_full_name() or request.user.get_username()
    if actor.worker_id is not None:
        # A worker's name is the one on their profile (they edit it there, not on the login).
        profile = getattr(request.user, "worker_profile", None)
        name = getattr(profile, "full_name", "") or name
    shown = [(label, url) for label, url in links if url]
    return {
        "name": name,
        "roles": [(code, role_label(code)) for code in actor.roles],
        "current": role,
        "current_label": role_label(role) if role else "",
        "links": shown,
        "current_url": _current_link(request.path, [url for _label, url in shown]),
    }


def _current_link(path: str, urls: list[str]) -> str | None:
    """The navigation link the page belongs to: the same path, else the longest link the path lies under
    (a client factory's edit page belongs to "Client factories"). A link other links lie under (the
    workspace root) claims only its own page."""
    if path in urls:
        return path
    roots = {url for url in urls if any(other != url and other.startswith(url) for other in urls)}
    under = [url for url in urls if url not in roots and url.endswith("/") and path.startswith(url)]
    return max(under, key=len, default=None)


@register.simple_tag
def match_reasons(match: Any, worker: Any = None, missing: Any = None) -> list[str]:
    """Why a job is recommended, in the worker's words: the trade, skills met, distance, pay, missing skills."""
    reasons = [match.trade_reason()] if hasattr(match, "trade_reason") else []
    if match.required_total:
        reasons.append(
            ngettext(
                "you have %(met)s of %(total)s required skill",
                "you have %(met)s of %(total)s required skills",
                match.required_total,
            )
            % {"met": match.matched_required, "total": match.required_total}
        )
    vacancy = match.vacancy
    limit = getattr(worker, "max_commute_km", None)
    if limit is not None and match.distance_km is not None and match.distance_km <= limit:
        reasons.append(_("%(km)s km from home") % {"km": number_format(match.distance_km, decimal_pos=1)})
    elif vacancy.dormitory:
        # Beyond the worker's commute the distance says nothing useful: the dormitory is the reason.
        reasons.append(_("beyond your commute, with a dormitory"))
    desired = getattr(worker, "desired_pay", None)
    if desired and vacancy.pay_max and desired > vacancy.pay_max:
        reasons.append(_("pay below what you asked for"))
    elif match.pay_fit >= 0.5:
        reasons.append(_("pay within your range"))
    lacking = [local_name(gap) for gap in missing or () if not getattr(gap, "held", 0)]
    below = [local_name(gap) for gap in missing or () if getattr(gap, "held", 0)]
    if lacking:
        reasons.append(_("to learn: %(skills)s") % {"skills": "、".join(lacking)})
    if below:
        reasons.append(_("to improve to the required level: %(skills)s") % {"skills": "、".join(below)})
    return reasons


@register.filter
def lacking(gaps: Any) -> list[Any]:
    """The skill gaps a candidate does not hold at all."""
    return [gap for gap in gaps or () if not getattr(gap, "held", 0)]


@register.filter
def below_level(gaps: Any) -> list[Any]:
    """The skill gaps a candidate holds, but below the level asked for."""
    return [gap for gap in gaps or () if getattr(gap, "held", 0)]


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, None when absent."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value: Any) -> str:
    """0.734 → 73%."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def local_name(obj: Any) -> str:
    """A skill, city or district in the page's language: name_en in English, name_zh otherwise."""
    from hrmatch import names

    if obj is None:
        return ""
    display = getattr(obj, "display_name", None)
    if isinstance(display, str):
        return display
    if getattr(obj, "name_zh", None):
        return names.local_name(str(obj.name_zh), str(getattr(obj, "name_en", "") or ""))
    return str(getattr(obj, "name", None) or obj)
