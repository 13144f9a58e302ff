"""Hypothesis profiles: ``default``, ``ci`` (chosen when ``CI`` is set), ``dev`` and ``fuzz``.

Pick one with ``HYPOTHESIS_PROFILE=dev pytest``; ``CI`` in the environment wins.
``fuzz`` is for ``make fuzz``: ``FUZZ_EXAMPLES`` examples a test (20,000 by default).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=False, print_blob=True)
settings.register_profile("dev", max_examples=20)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")), deadline=None
)
settings.load_profile(
    "ci" if "CI" in os.environ else os.environ.get("HYPOTHESIS_PROFILE", "default")
)
