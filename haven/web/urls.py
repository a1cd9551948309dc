from django.urls import path

from haven.web import views

app_name = "web"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/live", views.live, name="live"),
    path("health/ready", views.ready, name="ready"),
]
