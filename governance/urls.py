from django.urls import path

from governance import topic_views, views

app_name = "governance"

urlpatterns = [
    path("governance/tasks/", views.TaskListView.as_view(), name="tasks"),
    path("governance/tasks/new/", views.TaskCreateView.as_view(), name="task-new"),
    path("governance/photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("governance/tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("governance/tasks/<int:pk>/<slug:action>/", views.TaskDetailView.as_view(), name="step"),
    path("governance/topics/", topic_views.TopicListView.as_view(), name="topics"),
    path("governance/topics/<int:pk>/", topic_views.TopicDetailView.as_view(), name="topic"),
]
