"""The ticket page's "issue a supervision order" action, offered to those who may issue."""

from django import template

from supervision.selectors import may_issue

register = template.Library()


@register.filter
def may_issue_supervision(user) -> bool:
    return may_issue(user)
