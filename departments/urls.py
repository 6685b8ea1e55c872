from django.urls import path

from departments import views

app_name = "departments"

urlpatterns = [
    path("departments/board/", views.BoardView.as_view(), name="board"),
    path("departments/board/rows/", views.BoardRowsView.as_view(), name="board-rows"),
    path("departments/ratings/", views.RatingListView.as_view(), name="ratings"),
    path("departments/summonses/<int:pk>/<slug:action>/", views.SummonsStepView.as_view(), name="step"),
]
