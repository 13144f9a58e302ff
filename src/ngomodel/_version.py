"""The version of ngomodel: the installed distribution's, read once from its metadata."""

from __future__ import annotations

from importlib import metadata

__all__ = ["__version__"]

#: What a source tree that was never installed reports (a valid PEP 440 version).
UNKNOWN = "0+unknown"


def installed_version(distribution: str) -> str:
    """Return the version of an installed distribution, or :data:`UNKNOWN` if it is not."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return UNKNOWN


__version__ = installed_version("ngomodel")
