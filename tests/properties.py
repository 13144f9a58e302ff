"""What the property tests over every model class share."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from ngomodel.inspect import is_model
from ngomodel.strategies import STRATEGIES

#: Every model class whose payload is a JSON object (the scalar-like value types,
#: LocalizedText, PartialDate and ExtensionData, are covered through the classes that
#: hold them).
RECORD_CLASSES = sorted(
    (cls for cls in STRATEGIES if is_model(cls)),
    key=lambda cls: cls.__name__,
)


def examples(count: int) -> settings:
    """Settings for the slow, large-payload properties: *count* examples a hundred.

    *count* is the number under the ``default`` profile (100 examples a property);
    the other profiles scale it as they scale every property (``dev`` to a fifth,
    ``thorough`` ten times; ``ci`` draws as many as ``default``), and never below one.
    """
    return settings(
        max_examples=max(1, count * settings().max_examples // 100),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
