"""Helpers every page view shares: who is asking, which workspace they are in, pagination, downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from hrmatch.actors import Actor, Role, actor_for
from hrmatch.tabular import escape_formula

ROLE_SESSION_KEY = "hrmatch_role"
PER_PAGE = 20


def actor_of(request: HttpRequest) -> Actor:
    """The asking user's roles and tenants (read once per request)."""
    return actor_for(request.user)


def current_role(request: HttpRequest, actor: Actor | None = None) -> str | None:
    """The workspace the user chose with the role switcher, or their first role."""
    actor = actor or actor_of(request)
    roles = actor.roles
    if not roles:
        return None
    chosen = request.session.get(ROLE_SESSION_KEY) if hasattr(request, "session") else None
    return chosen if chosen in roles else roles[0]


def role_required(role: str) -> Callable:
    """Only users holding `role` may open the page (anonymous users go to the login page)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = actor_of(request)
            if role not in actor.roles and not (actor.is_admin and role in (Role.AGENCY, Role.FACTORY)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def form_add_service_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's validation errors next to the fields they belong to (the rest above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


def paginate(request: HttpRequest, rows: Any, per_page: int = PER_PAGE) -> Page:
    """One page of rows; a missing, garbage or too-large page number gives the nearest valid page."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A UTF-8 CSV download (with BOM, so Excel on Chinese Windows reads it), formulas escaped."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(cell) for cell in header])
    for row in rows:
        writer.writerow([escape_formula("" if cell is None else cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """An XLSX download of one sheet, bold header, formulas escaped."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([escape_formula(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula("" if cell is None else cell) for cell in row])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            10, min(40, len(str(column[0].value)) * 3)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware, for views that read `request.htmx`."""

    htmx: HtmxDetails


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's ModelChoiceField `name`, typed as one (form.fields holds plain Fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a ModelChoiceField")
    return field


def safe_pk_choices(form: Any) -> None:
    """Make every ModelChoiceField of a form treat an out-of-range id as an invalid choice.

    SQLite raises OverflowError (not ValueError) for ids beyond 64 bits, which ModelChoiceField does not
    catch; a tampered form must get "select a valid choice", never a 500.
    """
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not getattr(field, "_safe_pk", False):
            original = field.to_python

            def to_python(value: Any, _original: Callable = original, _field: Any = field) -> Any:
                text = str(value).strip() if value is not None else ""
                if text and (len(text) > 18 or not text.lstrip("-").isdigit()):
                    raise forms.ValidationError(
                        _field.error_messages["invalid_choice"], code="invalid_choice"
                    )
                return _original(value)

            # Wrapped on the instance: the form's other fields keep Django's parsing.
            field.to_python = to_python  # type: ignore[method-assign]
            field._safe_pk = True  # type: ignore[attr-defined]
