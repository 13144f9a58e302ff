"""Hypothesis profiles: ``default``, ``ci`` (chosen when ``CI`` is set) and ``dev``.

Pick one with ``HYPOTHESIS_PROFILE=dev pytest``; ``CI`` in the environment wins.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=False, print_blob=True)
settings.register_profile("dev", max_examples=20)
settings.load_profile(
    "ci" if "CI" in os.environ else os.environ.get("HYPOTHESIS_PROFILE", "default")
)
