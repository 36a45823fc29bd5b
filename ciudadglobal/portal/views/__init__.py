"""The public portal's views, one module per area; each module lists its ``urlpatterns``."""
