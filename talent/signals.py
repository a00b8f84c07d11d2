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

# Sent inside the transaction that ended a worker's eligibility for matching (consent revoked, profile
# erased, worker no longer active), with `worker_id`: receivers drop the worker from current results
# at once, so no shortlist or recommendation list shows them after the request that said no.
worker_matching_withdrawn = Signal()

# Sent inside the erasure's transaction, with `worker_id`: receivers erase the free text they keep
# about the worker (application reasons).
worker_erased = Signal()
