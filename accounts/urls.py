from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("my-data/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
