"""The little code generator shared by the fast loader and the generated dumpers.

Generated code is read when something goes wrong in it, so it is written to be
read, as attrs and cattrs write theirs: each function is named after its class
and its job (``load_Program``, ``dump_Program``), the constants it uses are named
after what they are (``codes_country``, ``pattern_Id``, ``load_Organization``),
and its source is registered in :mod:`linecache` under a file name of its own
(``<ngomodel generated load ngomodel._programs.Program>``), so that tracebacks,
:func:`inspect.getsource` and pdb show the generated lines.

Generated code keeps its local variables to one letter (``d``, ``v``, ``o``…), one
letter and a number (``d1``, ``x2``: the locals of each depth of nesting), or ``f_``
and a field name; no constant is ever given such a name, so a local can never hide
a constant.
"""

from __future__ import annotations

import builtins
import keyword
import linecache
import re
from collections.abc import Callable
from typing import Any

__all__ = ["CodeGen", "register_source"]

#: Names a constant must not take: a builtin the generated code may call, or a keyword.
_TAKEN = frozenset(dir(builtins)) | frozenset(keyword.kwlist)


def _is_reserved(name: str) -> bool:
    """Whether a constant named *name* could hide, or be hidden by, another name."""
    return (
        not name.isidentifier()
        or name in _TAKEN
        or name.startswith("__")  # __builtins__, __name__: the namespace's own
        or len(name) == 1  # the local variables of generated code
        or re.fullmatch(r"[a-z]\d+", name) is not None  # and those of each depth (d1, x2)
        or name.startswith("f_")
    )


def register_source(source: str, filename: str) -> str:
    """Put *source* in :mod:`linecache` under *filename*, made unique, and return the name used.

    When another source already holds the name, ``-2``, ``-3``… is added before
    its closing ``>`` until a free name (or one holding this very source) is found,
    so two different generated functions never share a file name.

    Args:
        source: Python source text.
        filename: The file name wanted, of the form ``<…>``.

    Returns:
        The file name under which the source is registered.

    >>> register_source("x = 1\\n", "<ngomodel doctest>")
    '<ngomodel doctest>'
    >>> register_source("x = 2\\n", "<ngomodel doctest>")
    '<ngomodel doctest-2>'
    >>> register_source("x = 1\\n", "<ngomodel doctest>")
    '<ngomodel doctest>'
    """
    lines = source.splitlines(keepends=True)
    wanted, count = filename, 1
    while True:
        # No modification time (None): linecache.checkcache() then leaves the entry
        # alone, where it would drop it for want of a file to compare it with.
        entry = (len(source), None, lines, filename)
        # setdefault both checks and claims the name, in one step no other thread splits.
        if linecache.cache.setdefault(filename, entry) == entry:
            return filename
        count += 1
        filename = f"{wanted[:-1]}-{count}>"


class CodeGen:
    """Collects the constants generated source refers to, and compiles the source.

    Attributes:
        namespace: The names the generated code can use.
    """

    def __init__(self, namespace: dict[str, Any], module: str) -> None:
        """Start with the fixed *namespace*; *module* becomes the functions' ``__module__``."""
        self.namespace = {"__name__": module, **namespace}

    def constant(self, value: Any, name: str) -> str:
        """Put *value* in the namespace under *name*, made unique, and return the name used.

        The name is only for the reader of the generated source: a global is looked
        up at the same cost whatever its name. A name that a builtin, a keyword or a
        local variable could hold gets ``c_`` in front; one that another value holds
        gets ``_2``, ``_3``…; the same object under the same name is stored once.

        Args:
            value: The object the generated code refers to.
            name: What it is, e.g. ``codes_country``; other characters than letters,
                digits and ``_`` become ``_``.

        Returns:
            The name to write in the generated source.
        """
        wanted = re.sub(r"\W", "_", name)
        if _is_reserved(wanted):
            # Safe, and so is any name made from it below: no reserved name starts
            # with c_ or ends in _2, _3…
            wanted = f"c_{wanted}"
        candidate, count = wanted, 1
        while candidate in self.namespace:
            if self.namespace[candidate] is value:
                return candidate
            count += 1
            candidate = f"{wanted}_{count}"
        self.namespace[candidate] = value
        return candidate

    def build(
        self, lines: list[str], name: str, job: str, cls: type, field: str | None = None
    ) -> Callable[[Any], Any]:
        """Compile *lines*, which define function *name*, and return the function.

        Args:
            lines: The source, line by line; it defines the function *name*.
            name: The function's name, saying class and job (``load_Program``).
            job: What the function does, for its file name (``load``, ``dump``).
            cls: The class it does that for.
            field: The field it does that for, if it serves one field only.

        Returns:
            The function, whose source is registered in :mod:`linecache` under
            ``<ngomodel generated JOB MODULE.CLASS[.FIELD]>`` (made unique).
        """
        source = "\n".join(lines) + "\n"
        where = f"{cls.__module__}.{cls.__qualname__}" + ("" if field is None else f".{field}")
        filename = register_source(source, f"<ngomodel generated {job} {where}>")
        scope = dict(self.namespace)
        exec(compile(source, filename, "exec"), scope)
        function: Callable[[Any], Any] = scope[name]
        return function
