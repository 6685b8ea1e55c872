"""Suggesting a ticket's category from its text: a trained model when one exists, keyword rules
from the category tree otherwise."""
