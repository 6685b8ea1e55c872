"""The citizen's own pages (public, no login): following a ticket, and answering the callback through a
signed link. They compose the hotline's ticket and timeline with the unit's reply from dispatch, so
they live on this floor."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from config.client_limits import client_address
from dispatch.citizen_view import citizen_summary, latest_citizen_reply
from hotline.forms import CitizenCallbackForm, TrackingForm
from hotline.selectors.timeline import public_timeline
from hotline.services.callback_links import callback_link_superseded, callback_link_ticket
from hotline.services.callbacks import callback_link_answer, callback_link_answerable
from hotline.services.tracking import TooManyAttempts, tracking_lookup


class TrackView(View):
    """Public: a citizen follows their ticket with its number and the last four phone digits."""

    template_name = "hotline/track.html"

    def get(self, request):
        # The receipt SMS links here with ?number=… so that only the four digits remain to type.
        number = request.GET.get("number", "")[: TrackingForm.base_fields["number"].max_length]
        return render(request, self.template_name, {"form": TrackingForm(initial={"number": number})})

    def post(self, request):
        form = TrackingForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            try:
                ticket = tracking_lookup(
                    number=form.cleaned_data["number"],
                    last_four=form.cleaned_data["last_four"],
                    client=client_address(request),
                )
            except TooManyAttempts:
                context["error"] = _("Too many attempts. Please try again later.")
                return render(request, self.template_name, context, status=429)
            if ticket is None:
                context["error"] = _("No ticket matches this number and these digits.")
            else:
                context.update(ticket=ticket, steps=public_timeline(ticket), summary=citizen_summary(ticket))
        return render(request, self.template_name, context)


class CitizenCallbackView(View):
    """Public: the citizen answers the callback questions through a signed single-use link. A link
    that a newer one replaced says so (410); any other invalid link answers 404."""

    template_name = "hotline/callback.html"

    def _refuse(self, request, token):
        if callback_link_superseded(token):
            return render(request, self.template_name, {"superseded": True}, status=410)
        raise Http404

    def _context(self, ticket, **extra):
        """The unit's reply for the citizen, and the form only once there is something to judge."""
        return {
            "ticket": ticket,
            "reply": latest_citizen_reply(ticket),
            "answerable": callback_link_answerable(ticket),
            **extra,
        }

    def get(self, request, token):
        ticket = callback_link_ticket(token)
        if ticket is None:
            return self._refuse(request, token)
        return render(request, self.template_name, self._context(ticket, form=CitizenCallbackForm()))

    def post(self, request, token):
        ticket = callback_link_ticket(token)
        if ticket is None:
            return self._refuse(request, token)
        if not callback_link_answerable(ticket):
            return render(request, self.template_name, self._context(ticket), status=409)
        form = CitizenCallbackForm(request.POST)
        if form.is_valid():
            try:
                callback_link_answer(token=token, **form.cleaned_data)
            except ValidationError:
                raise Http404 from None
            return render(request, self.template_name, self._context(ticket, done=True))
        return render(request, self.template_name, self._context(ticket, form=form), status=400)
