from django.urls import path

from haven.ops import metrics

app_name = "ops"

urlpatterns = [path("metrics", metrics.metrics, name="metrics")]
