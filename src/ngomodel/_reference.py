"""The reference dataset shipped with the package."""

from __future__ import annotations

import functools
from importlib.resources import files

from ngomodel._dataset import Dataset
from ngomodel._json import loads

__all__ = ["REFERENCE_FILE", "reference_dataset"]

#: The name of the reference dataset inside the package's ``data`` folder.
REFERENCE_FILE = "reference-dataset.json"


def reference_bytes() -> bytes:
    """Return the reference dataset's JSON text, exactly as shipped."""
    return files("ngomodel").joinpath("data").joinpath(REFERENCE_FILE).read_bytes()


@functools.cache
def reference_dataset() -> Dataset:
    """Load the reference dataset: one news report on NGO networks, turned into data.

    The source is China Daily, "NGOs foster goodwill, emotional ties along Belt,
    Road", Li Lei, 2019-04-30. Facts the report does not give are absent.

    Returns:
        The validated dataset (the same object on every call; it is immutable).

    >>> data = reference_dataset()
    >>> data.program("program-xingfu-quan").title["zh"]
    '幸福泉'
    """
    return loads(reference_bytes(), type=Dataset)
