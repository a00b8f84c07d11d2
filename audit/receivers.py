"""Revoke a user's API tokens when their password changes or their login is deactivated."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token


@receiver(pre_save, sender=get_user_model(), dispatch_uid="audit-revoke-tokens")
def revoke_tokens_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """`set_password` leaves the raw password in `_password` until the save: then every token goes."""
    if instance.pk is None:
        return
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        Token.objects.filter(user_id=instance.pk).delete()
