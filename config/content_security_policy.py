"""Content-Security-Policy on every response (Django 5.2 has no built-in CSP support)."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sets the header from the ``CONTENT_SECURITY_POLICY`` setting, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
