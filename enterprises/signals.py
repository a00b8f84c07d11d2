"""Extension points of the enterprises app: later apps (matching) listen without being imported here."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `vacancy`; receivers defer their work to on_commit.
vacancy_published = Signal()
