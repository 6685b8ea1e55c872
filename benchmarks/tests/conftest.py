"""The routing benchmark's tests use the routing tests' Beijing: the divisions loaded once for this
package (``beijing_units``, ``beijing_places``) and the full reference data (``beijing``)."""

from dispatch.tests.conftest import beijing  # noqa: F401 - fixtures, found by name
from dispatch.tests.routing.conftest import beijing_places, beijing_units  # noqa: F401
