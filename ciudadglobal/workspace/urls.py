from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("records/", views.record_list, name="record-list"),
    path("review/", views.review_queue, name="review-queue"),
    path("new/<slug:entry>/", views.record_create_view, name="record-create"),
    path("records/<slug:kind>/<int:pk>/", views.record_detail, name="record-detail"),
    path("records/<slug:kind>/<int:pk>/edit/", views.record_edit, name="record-edit"),
    path(
        "records/<slug:kind>/<int:pk>/<slug:action>/",
        views.record_transition,
        name="record-transition",
    ),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("cabinet/", views.session_list, name="session-list"),
    path("cabinet/<int:pk>/", views.session_detail, name="session-detail"),
    path("guide/", views.guide, name="guide"),
    path("guide/<slug:name>.png", views.guide_image, name="guide-image"),
]
