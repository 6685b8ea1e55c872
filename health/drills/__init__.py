"""Outage drills against a real production-shaped site (``manage.py drill``) and the process
machinery the CI's production smoke test shares with them."""
