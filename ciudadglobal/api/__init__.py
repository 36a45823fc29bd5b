"""The registry's web API (django-ninja): the instance and its routers are in ``urls.py``."""
