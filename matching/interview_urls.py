"""Page routes of interviews: staff arrange them, workers answer them."""

from django.urls import path

from matching import interview_pages

app_name = "interviews"
urlpatterns = [
    path("workspace/applications/<int:pk>/interview/", interview_pages.interview_manage, name="manage"),
    path("me/interviews/<int:pk>/confirm/", interview_pages.interview_confirm, name="confirm"),
    path("me/interviews/<int:pk>/reschedule/", interview_pages.interview_ask_reschedule, name="reschedule"),
]
