from django import template

from ..selectors import governments_for_user

register = template.Library()


@register.simple_tag
def governments_for(user) -> list:
    """The home governments ``user`` may switch between."""
    return list(governments_for_user(user).order_by("name"))
