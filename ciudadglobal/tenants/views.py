from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import GovernmentSwitchForm
from .selectors import SESSION_KEY


@login_required
@require_POST
def government_switch(request: HttpRequest) -> HttpResponse:
    """Choose which home government this session works for, then go back where it was."""
    form = GovernmentSwitchForm(request.POST, user=request.user)
    if form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["government"].pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)
