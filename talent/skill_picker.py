"""The searchable skill picker: a text box that searches the vocabulary as one types (htmx), with a hidden id.

Nine selects of every skill weighed ~30 KB each; a picker row weighs under 1 KB. Without JavaScript the typed
name is resolved on the server (exact Chinese or English name, or code), so the form still works.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hrmatch.names import local_name
from talent.models import Skill

SEARCH_LIMIT = 12


def skill_search(query: str, *, limit: int = SEARCH_LIMIT) -> QuerySet[Skill]:
    """Skills whose Chinese or English name, code or category holds the query; names starting with it first."""
    query = query.strip()[:40]
    if not query:
        return Skill.objects.none()
    starts = Q(name_zh__istartswith=query) | Q(name_en__istartswith=query)
    holds = (
        starts
        | Q(name_zh__icontains=query)
        | Q(name_en__icontains=query)
        | Q(code__icontains=query)
        | Q(category__name_zh__icontains=query)
        | Q(category__name_en__icontains=query)
    )
    return (
        Skill.objects.filter(holds)
        .select_related("category")
        .annotate(rank=Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("rank", "category__code", "code")[:limit]
    )


def skill_by_name(text: str) -> Skill:
    """The one skill called `text` (Chinese or English name, or code, case ignored), or a ValidationError."""
    text = text.strip()[:120]
    found = list(Skill.objects.filter(Q(name_zh=text) | Q(name_en__iexact=text) | Q(code__iexact=text))[:2])
    if len(found) != 1:
        raise ValidationError(
            _("No skill is called “%(name)s”. Type part of its name and pick it from the list."),
            code="unknown_skill",
            params={"name": text},
        )
    return found[0]


class SkillPicker(forms.Widget):
    """A search box (what the person reads and types) and a hidden input (the chosen skill's id)."""

    template_name = "talent/widgets/skill_picker.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (str(data.get(name, "") or ""), str(data.get(f"{name}_q", "") or ""))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, None, attrs)
        chosen, label = "", ""
        if isinstance(value, Skill):
            chosen, label = str(value.pk), local_name(value.name_zh, value.name_en)
        elif isinstance(value, tuple | list):
            chosen, label = str(value[0] or ""), str(value[1] or "")
        elif value not in (None, "") and str(value).isdigit() and len(str(value)) < 10:
            skill = Skill.objects.filter(pk=int(value)).first()
            if skill is not None:
                chosen, label = str(skill.pk), local_name(skill.name_zh, skill.name_en)
        context["widget"].update(
            chosen=chosen,
            label=label,
            search_url=reverse("talent:skill-search"),
            describedby=(attrs or {}).get("aria-describedby", ""),
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's templates folder, not the form renderer's built-in widget folders.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class SkillChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A skill chosen in the picker: by its id, or (without JavaScript) by its exact name."""

    widget = SkillPicker
    _safe_pk = True  # hrmatch.pages.safe_pk_choices: this field parses ids itself

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Skill.objects.all())
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value  # the widget reads a Skill, an id or the submitted (id, text) pair itself

    def to_python(self, value: Any) -> Skill | None:
        if isinstance(value, Skill):
            return value
        chosen, text = value if isinstance(value, tuple | list) else (value, "")
        chosen, text = str(chosen or "").strip(), str(text or "").strip()
        if chosen:
            skill: Skill | None = None
            if chosen.isdigit() and len(chosen) < 10:
                skill = Skill.objects.filter(pk=int(chosen)).first()
            if skill is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return skill
        if not text:
            return None
        return skill_by_name(text)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        if isinstance(initial, Skill):
            before: Any = initial.pk
        else:
            before = int(initial) if str(initial or "").isdigit() else None
        return bool((new.pk if new else None) != before)
