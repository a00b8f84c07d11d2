"""Signals of training, for the apps above it: matching reserves a graduate's place on the vacancies
committed to their cohort."""

from django.dispatch import Signal

# Sent inside the completion's transaction with `enrolment` when a trainee passes the assessment.
enrolment_passed = Signal()
