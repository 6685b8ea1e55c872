"""The dispatch API: dispatching tickets by hand, what routing left behind, assignments and their
steps, unit requests. Its routes are registered in ``api/urls.py``."""
