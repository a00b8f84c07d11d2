from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications: a message to one user about something that happened, read in their language.

    The app sits in the plumbing, beside the audit trail, and depends on nothing but the user model:
    every app that has something to tell someone (matching's pipeline and runs, interviews, an agency's
    invitation, training) may call `notifications.services.notify`, and none of them is below it. A
    notification stores its kind and the plain facts of the message, never the sentence, so it is worded
    in the reader's language when read, and a link to the page where they act on it.
    """

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
