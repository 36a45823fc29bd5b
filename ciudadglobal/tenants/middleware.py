from .selectors import government_for_request


class HomeGovernmentMiddleware:
    """Sets ``request.home_government``: the tenant every query of this request is scoped to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.home_government = government_for_request(request)
        return self.get_response(request)
