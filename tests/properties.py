"""What the property tests over every model class share."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from ngomodel.strategies import STRATEGIES

#: Every model class whose payload is a JSON object (the scalar-like value types,
#: LocalizedText and PartialDate, are covered through the classes that hold them).
RECORD_CLASSES = sorted(
    (cls for cls in STRATEGIES if cls.__name__ not in ("LocalizedText", "PartialDate")),
    key=lambda cls: cls.__name__,
)


def examples(count: int) -> settings:
    """Settings for *count* examples of the slow, large-payload properties."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
