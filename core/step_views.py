"""Posting one step of a state table from an object's page: the form checked, the service applied,
its refusals shown where they belong. Shared by the pages of every object with a state table
(core.transitions): supervision orders, proactive tasks; whistles use ``service_errors``."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.transitions import TransitionError, TransitionForbidden


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on the field of the same name where the form has
    one, the rest as errors of the whole form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def step_post(request, form: forms.Form, *, apply: Callable[[dict], object], done_url: str, page):
    """Check ``form``, ``apply`` the service to its data and go back to ``done_url`` saying so. The
    service's ValidationError goes onto the form (``page()``: the page again, 400); a step not open
    to this user is 403; a step not possible now is an error message on the object's page."""
    if form.is_valid():
        try:
            apply(form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        except TransitionForbidden as error:
            raise PermissionDenied(str(error)) from error
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(done_url)
        else:
            messages.success(request, _("Saved."))
            return redirect(done_url)
    return page()
