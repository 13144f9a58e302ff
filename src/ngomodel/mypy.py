"""A mypy plugin that tells mypy which fields of the model classes are required.

Name it in the mypy configuration of a project that uses ngomodel:

.. code-block:: toml

    [tool.mypy]
    plugins = ["ngomodel.mypy"]

Without it, mypy already sees every model class as a frozen attrs class:
``attrs.evolve``, ``attrs.fields`` and ``attrs.asdict`` accept the objects, a wrong
field name or type is an error, and a subclass made with ``@attrs.frozen`` keeps
the fields. But mypy's attrs plugin does not know the function the model classes
declare their fields with, so to mypy every field has a default and may be given
by position. With this plugin a missing required field and a positional argument
are errors too, as they are when the object is built (and to pyright, which reads
the same facts from the decorator's ``dataclass_transform``).

Only ngomodel's own model classes change. To mypy their decorator is
``attrs.frozen`` itself (mypy's attrs plugin knows class makers by their full name
only, so ngomodel hands it attrs' own), and mypy resolves the name the classes use
to that full name: which name a decorator was imported under cannot be told from
the full name mypy gives the plugin. So a class counts as a model class when it is
defined in the ``ngomodel`` package and decorated with the bare name (``@model``;
ngomodel writes ``@attrs.frozen`` and ``@attrs.frozen(...)`` in full where it means
attrs). Any other attrs class, a project's own subclass of a model class made with
``@attrs.frozen`` among them, is left to mypy's attrs plugin: such a subclass's
new fields follow the usual attrs rules, and the fields it inherits stay
keyword-only, each required or not as in the model class.

The plugin uses internals of mypy's attrs plugin (its set of field makers and its
class callback), checked for when mypy loads the plugin. Under a mypy without them
the plugin changes nothing, so mypy runs as it would without it, and says so once
on standard error (mypy's plugin interface has no channel for warnings).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mypy.nodes import ARG_NAMED, CallExpr, Expression, NameExpr
from mypy.options import Options
from mypy.plugin import ClassDefContext, Plugin
from mypy.plugins.default import DefaultPlugin

__all__ = ["plugin"]

#: The field function of the model classes, by the full name mypy gives it.
_FIELD_MAKER = "ngomodel._model.doc"
#: The class maker mypy sees on a model class (see the module's docstring).
_CLASS_MAKER = "attrs.frozen"


def plugin(version: str) -> type[Plugin]:
    """Return the plugin class; mypy calls this when it loads ``ngomodel.mypy``.

    Args:
        version: The version of mypy that loads the plugin.

    Returns:
        The plugin, or, when this mypy lacks the internals the plugin uses, a plugin
        that changes nothing (a message on standard error says so).

    >>> plugin("1.11").__name__
    'NgomodelPlugin'
    """
    try:
        makers = importlib.import_module("mypy.plugins.attrs").attr_attrib_makers
        if not isinstance(makers, set):
            raise TypeError(f"attr_attrib_makers is a {type(makers).__name__}")
    except (ImportError, AttributeError, TypeError) as error:
        print(
            f"ngomodel.mypy: mypy {version} lacks what this plugin uses ({error}), so the "
            "plugin does nothing: to mypy, every field of ngomodel's model classes is optional",
            file=sys.stderr,
        )
        return Plugin
    return _plugin_class(makers)


def _plugin_class(makers: set[str]) -> type[Plugin]:
    """Return the plugin class, for mypy's attrs plugin whose field makers are *makers*."""

    @contextmanager
    def field_maker_known() -> Iterator[None]:
        # Only while a model class is analysed, so that when mypy runs in process more
        # than once (as in the tests) a run that does not name the plugin is untouched.
        added = _FIELD_MAKER not in makers
        makers.add(_FIELD_MAKER)
        try:
            yield
        finally:
            if added:
                makers.discard(_FIELD_MAKER)

    class NgomodelPlugin(Plugin):
        """Analyses ngomodel's model classes as ``attrs.frozen(kw_only=True)`` classes."""

        def __init__(self, options: Options) -> None:
            super().__init__(options)
            # What mypy does with the decorator: the plugin only changes what it is given.
            self._attrs = DefaultPlugin(options).get_class_decorator_hook_2(_CLASS_MAKER)

        def get_class_decorator_hook_2(
            self, fullname: str
        ) -> Callable[[ClassDefContext], bool] | None:
            attrs_hook = self._attrs
            if fullname != _CLASS_MAKER or attrs_hook is None:
                return None

            def hook(ctx: ClassDefContext) -> bool:
                if not _is_model(ctx):
                    return attrs_hook(ctx)
                with field_maker_known():
                    return attrs_hook(ctx._replace(reason=_keyword_only(ctx.reason)))

            return hook

    return NgomodelPlugin


def _is_model(ctx: ClassDefContext) -> bool:
    """Whether the class is one of ngomodel's model classes (see the module's docstring)."""
    package = ctx.cls.info.module_name.partition(".")[0]
    return package == "ngomodel" and isinstance(ctx.reason, NameExpr)


def _keyword_only(decorator: Expression) -> CallExpr:
    """Return the call ``decorator(kw_only=True)``, placed where the decorator stands."""
    true = NameExpr("True")
    true.fullname = "builtins.True"
    call = CallExpr(decorator, [true], [ARG_NAMED], ["kw_only"])
    true.set_line(decorator)
    call.set_line(decorator)
    return call
