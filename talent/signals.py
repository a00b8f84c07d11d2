"""Extension points of the talent app: later apps (matching) listen without being imported here."""

from django.dispatch import Signal

# Sent inside the transaction that changed a profile or its skills, with `worker`.
worker_profile_changed = Signal()
