"""Page routes of matching: a worker's jobs and applications, candidates and pipelines, match runs."""

from django.urls import path

from matching import applicant_pages, views, worker_pages

app_name = "matching"
urlpatterns = [
    path("me/", views.recommendations, name="recommendations"),
    path("me/applications/", views.my_applications, name="my-applications"),
    path("me/applications/<int:pk>/withdraw/", worker_pages.withdraw, name="withdraw"),
    path(
        "me/applications/<int:pk>/accept/",
        views.answer_invitation,
        {"answer": "accept"},
        name="invitation-accept",
    ),
    path(
        "me/applications/<int:pk>/decline/",
        views.answer_invitation,
        {"answer": "decline"},
        name="invitation-decline",
    ),
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("jobs/<int:pk>/mark/", worker_pages.job_mark, name="job-mark"),
    path("me/saved/", worker_pages.saved_jobs, name="saved-jobs"),
    path("factory/", views.factory_workspace, name="factory-workspace"),
    path("workspace/vacancies/<int:pk>/candidates/", views.candidates, name="candidates"),
    # Candidates are named by an opaque handle of (vacancy, worker), never the worker id (matching.masking).
    path("workspace/vacancies/<int:pk>/candidates/<slug:handle>/move/", views.move, name="move"),
    path("workspace/vacancies/<int:pk>/candidates/<slug:handle>/refer/", views.refer, name="refer"),
    path("workspace/vacancies/<int:pk>/board/", views.board, name="board"),
    path("workspace/vacancies/<int:pk>/compare/", views.compare, name="compare"),
    path(
        "workspace/applications/<int:application_id>/",
        applicant_pages.applicant_detail,
        name="applicant-detail",
    ),
    path("agency/runs/", views.run_list, name="run-list"),
    path("agency/runs/latest/", views.run_latest, name="run-latest"),
    path("agency/runs/start/", views.run_start, name="run-start"),
    path("agency/runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
]
