"""Revoke API tokens on a password change; keep names out of the history's object labels."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from audit.history import TRACKED


@receiver(pre_save, sender=get_user_model(), dispatch_uid="audit-revoke-tokens")
def revoke_tokens_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """`set_password` leaves the raw password in `_password` until the save: then every token goes."""
    if instance.pk is None:
        return
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        Token.objects.filter(user_id=instance.pk).delete()


PERSONAL_MODELS = {entry["model"].lower() for entry in TRACKED}


@receiver(pre_save, sender=LogEntry, dispatch_uid="audit-neutral-object-label")
def neutral_object_label(sender: Any, instance: LogEntry, **kwargs: Any) -> None:
    """A history row names the record by kind and id, never by the worker's name (str() of a profile)."""
    if instance.pk is not None or instance.content_type_id is None:
        return
    content_type = instance.content_type
    if f"{content_type.app_label}.{content_type.model}" in PERSONAL_MODELS:
        instance.object_repr = f"{content_type.model} #{instance.object_pk}"
