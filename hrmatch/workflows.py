"""What every workflow of the apps raises when an object's state does not allow a step."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A state change the workflow does not allow now (a vacancy's status, a candidate's stage): the API
    answers 409, the pages show the message."""
