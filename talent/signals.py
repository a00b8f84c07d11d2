"""Extension points of the talent app: later apps (matching) listen without being imported here."""

from django.dispatch import Signal

# Sent inside the transaction that changed a profile or its skills, with `worker`.
worker_profile_changed = Signal()

# Sent while a worker's data export is built, with `worker`; each receiver returns a dict of sections
# ({"applications": [...]}) that the apps above talent hold about the worker.
worker_data_requested = Signal()

# Sent while the worker's privacy page is built, with `worker`; each receiver returns a list of
# PrivacyContact (talent.privacy): the enterprises and agencies that reached the worker through it.
worker_contacts_requested = Signal()
