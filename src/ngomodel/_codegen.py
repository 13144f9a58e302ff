"""The little code generator shared by the fast loader and the generated dumpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CodeGen"]


class CodeGen:
    """Collects the constants generated source refers to, and compiles the source.

    Attributes:
        namespace: The names the generated code can use.
    """

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = dict(namespace)
        self._count = 0

    def constant(self, value: Any) -> str:
        """Give *value* a fresh name in the namespace, and return that name."""
        self._count += 1
        name = f"c{self._count}"
        self.namespace[name] = value
        return name

    def build(self, lines: list[str], name: str, label: str) -> Callable[[Any], Any]:
        """Compile *lines* (which define function *name*) and return the function."""
        scope = dict(self.namespace)
        exec(compile("\n".join(lines), f"<ngomodel {label}>", "exec"), scope)
        function: Callable[[Any], Any] = scope[name]
        return function
