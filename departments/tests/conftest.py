"""The departments' tests run in the whistles' small world: the street, the departments summoned
from two districts and one person per role (``streets/tests/conftest.py``)."""

from streets.tests.conftest import world  # noqa: F401
