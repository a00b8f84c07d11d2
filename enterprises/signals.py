"""Extension points of the enterprises app: later apps (agencies, matching) listen without being imported
here."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `vacancy`; receivers defer their work to on_commit.
vacancy_published = Signal()

# Sent inside the registering transaction with `enterprise` and `agency`: the agency that registered the
# enterprise as its client (agencies links them), or None.
enterprise_registered = Signal()
