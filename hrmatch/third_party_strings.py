"""Strings that django-filter shows in our forms and that it ships no zh-hans catalogue for.

django-filter translates only into zh_CN, which Django does not fall back to from zh-hans; listing its
messages here puts them in our own catalogue (locale/zh_Hans), where they are translated.
"""

from django.utils.translation import gettext_noop

DJANGO_FILTER_MESSAGES = (
    gettext_noop("Ordering"),
    gettext_noop("%s (descending)"),
    gettext_noop("Unknown"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("All"),
    gettext_noop("Any date"),
    gettext_noop("Today"),
    gettext_noop("Yesterday"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("Multiple values may be separated by commas."),
    gettext_noop("Range query expects two values."),
    gettext_noop("Select a lookup."),
    gettext_noop("Submit"),
)
