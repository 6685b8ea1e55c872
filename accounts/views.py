from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.forms import LoginForm
from accounts.permissions import POLICY_EDITORS
from accounts.selectors import user_has_role, user_memberships
from dispatch.deadlines.calendar import calendar_warnings


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", code="locked"):
            response.status_code = 429
        return response


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        warnings = []
        if user.is_staff or user_has_role(user, *POLICY_EDITORS):
            warnings = calendar_warnings(timezone.localdate())
        return super().get_context_data(
            memberships=user_memberships(user), calendar_warnings=warnings, **kwargs
        )
