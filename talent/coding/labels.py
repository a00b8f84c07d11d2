"""How a suggestion is named on pages and in the API, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from talent.coding.coder import Suggestion

__all__ = ["suggestion_label"]


def suggestion_label(suggestion: Suggestion) -> str:
    """The name, marked "— 通用岗位" (general post) when the group was suggested for a generic title."""
    if suggestion.generic:
        return _("%(name)s — general post") % {"name": suggestion.name}
    return suggestion.name
