from accounts.selectors import user_roles


def roles(request):
    """Expose the signed-in user's roles to templates, so menus show only what the user may use."""
    user = getattr(request, "user", None)
    return {"user_roles": user_roles(user) if user is not None else frozenset()}
