"""The public report form (no sign-in): asking for an SMS code behind the captcha, filing the
report, and the receipt with the ticket number and the tracking link."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from citizenreports.captcha import captcha_new, captcha_pass, captcha_question, captcha_svg
from citizenreports.forms import ReportForm, SendCodeForm
from citizenreports.services import (
    CodeNotSent,
    CodeRefused,
    LimitReached,
    Report,
    citizen_code_request,
    citizen_report_file,
)
from config.client_limits import client_address
from hotline.models import Ticket

FILED_KEY = "citizenreports.filed"
TEMPLATE = "citizenreports/report.html"
KEPT_FIELDS = ("category", "content", "address", "longitude", "latitude", "phone")


def _page(request, *, form, code_form=None, notice="", status=200):
    captcha_question(request.session)
    context = {"form": form, "code_form": code_form or SendCodeForm(), "notice": notice}
    return render(request, TEMPLATE, context, status=status)


class ReportView(View):
    def get(self, request):
        return _page(request, form=ReportForm())

    def post(self, request):
        form = ReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, form=form, status=400)
        data = form.cleaned_data
        report = Report(
            choice=data["choice"],
            content=data["content"],
            address=data["address"].strip(),
            longitude=data["longitude"],
            latitude=data["latitude"],
            photos=data["photos"],
        )
        try:
            ticket = citizen_report_file(
                report=report, phone=data["phone"], code=data["code"], client=client_address(request)
            )
        except CodeRefused as refused:
            form.add_error("code", str(refused))
            return _page(request, form=form, status=400)
        except LimitReached as reached:
            form.add_error(None, str(reached))
            return _page(request, form=form, status=429)
        request.session[FILED_KEY] = ticket.pk
        return redirect("citizenreports:done")


class SendCodeView(View):
    """POST only. Answers JSON to the page's script (citizen_report.js); without script the whole
    form comes back, with what was typed (photos must be chosen again) and the outcome."""

    def post(self, request):
        code_form = SendCodeForm(request.POST)
        status, notice = 400, ""
        if code_form.is_valid():
            if not captcha_pass(request.session, code_form.cleaned_data["captcha"]):
                code_form.add_error("captcha", _("The answer is wrong. Try the new picture."))
            else:
                try:
                    citizen_code_request(
                        phone=code_form.cleaned_data["phone"], client=client_address(request)
                    )
                    status, notice = (
                        200,
                        _("The code has been sent. It is valid for %(minutes)s minutes.")
                        % {"minutes": settings.CITIZEN_CODE_LIFETIME_MINUTES},
                    )
                except LimitReached as reached:
                    status = 429
                    code_form.add_error("phone", str(reached))
                except CodeNotSent as failed:
                    status = 503
                    code_form.add_error("phone", str(failed))
        else:
            captcha_new(request.session)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {"ok": status == 200, "message": notice, "errors": code_form.errors}, status=status
            )
        kept = {name: request.POST.get(name, "") for name in KEPT_FIELDS}
        return _page(
            request, form=ReportForm(initial=kept), code_form=code_form, notice=notice, status=status
        )


class CaptchaView(View):
    """The picture of this session's question; ``?new`` asks another one first."""

    def get(self, request):
        if "new" in request.GET:
            captcha_new(request.session)
        response = HttpResponse(captcha_svg(*captcha_question(request.session)), content_type="image/svg+xml")
        response["Cache-Control"] = "no-store"
        return response


class DoneView(View):
    """The receipt of the report this browser filed last: the number, and where to follow it."""

    def get(self, request):
        ticket = Ticket.objects.filter(pk=request.session.get(FILED_KEY)).first()
        if ticket is None:
            return redirect("citizenreports:form")
        tracking_url = reverse("hotline:track") + f"?number={ticket.number}"
        return render(request, "citizenreports/done.html", {"ticket": ticket, "tracking_url": tracking_url})
