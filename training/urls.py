"""Routes of the training pages."""

from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("training/", views.programme_list, name="programme-list"),
    path("training/programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("training/cohorts/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("training/enrolments/", views.enrolment_list, name="enrolment-list"),
    path("training/provider/", views.provider_workspace, name="provider-workspace"),
    path("training/enrolments/<int:pk>/advance/", views.enrolment_advance, name="enrolment-advance"),
    path("training/enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment-complete"),
    path("training/enrolments/<int:pk>/consent/", views.enrolment_consent, name="enrolment-consent"),
    path("training/order-based/", views.commitment_list, name="commitment-list"),
    path("training/outcomes/", views.outcomes, name="outcomes"),
]
