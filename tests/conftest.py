"""Hypothesis profiles: ``default``, ``ci``, ``dev``, ``thorough`` and ``fuzz``.

Pick one with ``HYPOTHESIS_PROFILE=dev pytest``; without it, ``ci`` is chosen when ``CI``
is set and ``default`` otherwise. An explicit choice wins over ``CI`` so that
``make test-thorough`` and ``make fuzz`` run their profile on CI machines too.
``thorough`` is for ``make test-thorough``: ten times the default examples, for a release.
``fuzz`` is for ``make fuzz``: ``FUZZ_EXAMPLES`` examples a test (20,000 by default).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import settings

#: Lines that must fail mypy (tests/test_typing.py): type-checked, never imported.
collect_ignore = ["typing_errors.py"]

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=False, print_blob=True)
settings.register_profile("dev", max_examples=20)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")), deadline=None
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if "CI" in os.environ else "default")
)


# The one build of the docs per session (per worker), shared by every module that reads it.
from tests.test_docs import build  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _recursion_limit_kept() -> Iterator[None]:
    """Put back the recursion limit a test changed: mypy, run in-process by the typing
    tests, raises it for good, and a later test in the same worker would see that."""
    limit = sys.getrecursionlimit()
    yield
    sys.setrecursionlimit(limit)
