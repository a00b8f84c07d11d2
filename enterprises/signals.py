"""Extension points of the enterprises app: later apps (agencies, matching) listen without being imported
here."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `vacancy`; receivers defer their work to on_commit.
vacancy_published = Signal()

# Sent inside the registering transaction with `enterprise` and `agency`: the agency that registered the
# enterprise as its client (agencies links them), or None.
enterprise_registered = Signal()

# Sent inside the transaction that took an open vacancy off the market (paused or closed), with
# `vacancy`: receivers drop it from current recommendation lists at once.
vacancy_withdrawn = Signal()
# Sent inside the editing transaction with `vacancy` when an open vacancy's terms that matching reads
# (skills, pay, place, occupation, headcount…) changed; receivers defer their work to on_commit.
vacancy_terms_changed = Signal()
