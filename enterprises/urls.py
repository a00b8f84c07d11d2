"""Page routes of vacancies: the public job board and vacancy management."""

from django.urls import path

from enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("workspace/vacancies/", views.vacancy_list, name="vacancy-list"),
    path("workspace/vacancies/new/", views.vacancy_create, name="vacancy-create"),
    path("workspace/vacancies/<int:pk>/", views.vacancy_manage, name="vacancy-manage"),
    path("workspace/vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path("workspace/vacancies/<int:pk>/status/", views.vacancy_transition, name="vacancy-transition"),
    path("workspace/occupations/suggest/", views.occupation_suggest, name="occupation-suggest"),
]
