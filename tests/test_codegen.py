"""Generated loaders and dumpers can be read: by name, in tracebacks, by inspect and by pdb.

Each generated function is named after its class and job, its source is in
``linecache`` under a file name of its own, and its constants are named after
what they hold, as attrs and cattrs do for the code they generate.
"""

from __future__ import annotations

import inspect
import io
import linecache
import pdb
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest

import ngomodel
from ngomodel import PartialDate, Period, Program, ReportedFigure
from ngomodel._codegen import CodeGen
from ngomodel._fastdump import dumper_for
from ngomodel._fastload import loader_for
from ngomodel._model import doc, model
from ngomodel._scalars import ID

from .mutations import RaisingKey
from .properties import RECORD_CLASSES

PREFIX = "<ngomodel generated "


def generated(function: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """*function* and every generated function its namespace holds (item loaders too)."""
    yield function
    for value in function.__globals__.values():
        code = getattr(value, "__code__", None)
        if code is not None and code.co_filename.startswith(PREFIX):
            yield value


def all_generated() -> dict[str, Callable[..., Any]]:
    """Every generated function of every model class, by file name."""
    found: dict[str, Callable[..., Any]] = {}
    for cls in RECORD_CLASSES:
        for top in (loader_for(cls), dumper_for(cls), dumper_for(cls, for_orjson=True)):
            for function in generated(top):
                found[function.__code__.co_filename] = function
    return found


def line_of(function: Callable[..., Any], text: str) -> int:
    """The number of the (only) line of *function*'s source that holds *text*."""
    (number,) = [
        number
        for number, line in enumerate(inspect.getsource(function).splitlines(), start=1)
        if text in line
    ]
    return number


def test_inspect_shows_the_loader_source() -> None:
    """inspect.getsource finds the Program loader's source, which defines load_Program."""
    loader = loader_for(Program)
    source = inspect.getsource(loader)
    assert source.startswith("def load_Program(d):\n")
    assert source == "".join(linecache.getlines(loader.__code__.co_filename))
    assert "    return o\n" in source


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_functions_are_named_after_their_class_and_job(cls: type) -> None:
    """Loader and both dumpers of every class have telling names, file names and sources."""
    where = f"{cls.__module__}.{cls.__qualname__}"
    for function, name, job in (
        (loader_for(cls), f"load_{cls.__name__}", "load"),
        (dumper_for(cls), f"dump_{cls.__name__}", "dump"),
        (dumper_for(cls, for_orjson=True), f"dump_{cls.__name__}_for_orjson", "dump for orjson"),
    ):
        assert (function.__name__, function.__qualname__) == (name, name)
        assert function.__code__.co_filename == f"<ngomodel generated {job} {where}>"
        assert inspect.getsource(function).startswith(f"def {name}(")


def test_every_generated_function_has_its_own_source() -> None:
    """Item loaders included, each generated function has a unique file name holding its def."""
    found = all_generated()
    items = [name for name in found if " item of " in name]
    assert "<ngomodel generated load item of ngomodel._programs.Program.agreement_ids>" in items
    for filename, function in found.items():
        assert inspect.getsource(function).startswith(f"def {function.__name__}("), filename
    names = [function.__name__ for function in found.values()]
    assert len(set(names)) == len(names)
    assert "load_Program_agreement_ids_item" in names


def test_constants_are_named_after_what_they_hold() -> None:
    """Codes, patterns, nested loaders and classes have names a reader understands."""
    countries = loader_for(ngomodel.CountryShare)
    assert "v not in codes_country" in inspect.getsource(countries)
    assert countries.__globals__["codes_country"] == {
        c.code for c in ngomodel.codelists.get("country")
    }
    program = loader_for(Program)
    source = inspect.getsource(program)
    assert "if '\\n' in v or pattern_Id(v) is None: raise Reject" in source
    assert program.__globals__["pattern_Id"] == ID._compiled.search
    assert "tuple(map(load_Budget, v))" in source
    assert program.__globals__["load_Budget"] is loader_for(ngomodel.Budget)
    assert "o = new(Program)" in source
    # A program's budgets are written inline; a dataset's programs by the program's dumper.
    assert "for x1 in v0:" in inspect.getsource(dumper_for(Program))
    dataset = dumper_for(ngomodel.Dataset)
    assert "list(map(dump_Program, v0))" in inspect.getsource(dataset)
    assert dataset.__globals__["dump_Program"] is dumper_for(Program)
    for function in all_generated().values():
        numbered = [name for name in function.__code__.co_names if re.fullmatch(r"c\d+", name)]
        assert numbered == [], function.__name__


def test_constant_names_never_hide_a_builtin_or_a_local() -> None:
    """A wanted name that a builtin, keyword or local holds is prefixed; a taken one numbered."""
    gen = CodeGen({"tag": object()}, __name__)
    first, second = object(), object()
    assert gen.constant(first, "list") == "c_list"  # generated code calls list()
    assert gen.constant(first, "v") == "c_v"  # the local holding the value at hand
    assert gen.constant(first, "d1") == "c_d1"  # the dict of an object one level down
    assert gen.constant(first, "f_id") == "c_f_id"  # the local holding field id
    assert gen.constant(first, "class") == "c_class"
    assert gen.constant(first, "codes-country 2") == "codes_country_2"
    assert gen.constant(first, "tag") == "tag_2"  # the namespace's own
    assert gen.constant(second, "list") == "c_list_2"
    assert gen.constant(first, "list") == "c_list"  # the same object is stored once
    assert gen.namespace["c_list"] is first
    assert gen.namespace["c_list_2"] is second


def test_a_traceback_through_a_loader_shows_the_generated_line() -> None:
    """An exception raised inside load_ReportedFigure is shown at its generated line."""
    loader = loader_for(ReportedFigure)
    try:
        loader({RaisingKey("id"): "f"})
    except RuntimeError:
        shown = traceback.format_exc()
    else:  # pragma: no cover - the lookup of "id" compares the keys
        pytest.fail("the key was never compared")
    filename = loader.__code__.co_filename
    line = line_of(loader, "v = d['id']")
    assert f'File "{filename}", line {line}, in load_ReportedFigure\n' in shown
    assert "in load_ReportedFigure\n    v = d['id']\n" in shown  # tracebacks strip indents


def broken_period() -> Period:
    """A Period whose start was replaced, past the frozen guard, by what is no date."""
    period = Period(start=PartialDate(year=2019))
    object.__setattr__(period, "start", 2019)
    return period


@pytest.mark.parametrize("for_orjson", [False, True], ids=["plain", "for_orjson"])
def test_a_traceback_through_a_dumper_shows_the_generated_line(for_orjson: bool) -> None:
    """An exception raised inside a generated dumper of Period is shown at its line."""
    dumper = dumper_for(Period, for_orjson=for_orjson)
    # The orjson flavour is called directly: through dumps, orjson chains the hook's
    # exception without its traceback, so no frame of the hook would be shown.
    run = dumper if for_orjson else ngomodel.to_dict
    try:
        run(broken_period())
    except AttributeError:
        shown = traceback.format_exc()
    else:  # pragma: no cover - an int has no _text
        pytest.fail("the dumper read the planted start")
    filename = dumper.__code__.co_filename
    line = line_of(dumper, "d0['start'] = v0._text")
    assert f'File "{filename}", line {line}, in {dumper.__name__}\n' in shown
    assert f"in {dumper.__name__}\n    d0['start'] = v0._text\n" in shown  # indents stripped


def test_linecache_entries_survive_checkcache() -> None:
    """linecache.checkcache(), which drops entries whose file changed, keeps generated ones."""
    loader = loader_for(Program)
    filename = loader.__code__.co_filename
    linecache.checkcache()
    linecache.checkcache(filename)
    assert linecache.getline(filename, 1) == "def load_Program(d):\n"
    assert inspect.getsource(loader).startswith("def load_Program(d):")


def test_pdb_lists_the_generated_source() -> None:
    """Stepping into a generated loader, pdb lists its source lines."""
    loader = loader_for(Period)
    commands = io.StringIO("list\ncontinue\n")
    shown = io.StringIO()
    debugger = pdb.Pdb(stdin=commands, stdout=shown, nosigint=True, readrc=False)
    tracer = sys.gettrace()  # pdb ends by removing every tracer; coverage's is put back
    try:
        result = debugger.runcall(loader, {"start": "2019"})
    finally:
        sys.settrace(tracer)
    assert result == Period(start=PartialDate(year=2019))
    assert f"> {loader.__code__.co_filename}(2)load_Period()\n" in shown.getvalue()
    assert "(Pdb)   1  \tdef load_Period(d):\n" in shown.getvalue()
    assert "  2  ->\t    if type(d) is not dict: raise Reject\n" in shown.getvalue()


def twin(noted: bool) -> type:
    """A model class named twin.<locals>.Twin, with or without a note field."""

    @model
    class Twin:
        """Two generations of this class share module and name, but not fields."""

        id: str = doc("Identifier.")
        if noted:
            note: str | None = doc("A note.", default=None)

    return Twin


def test_two_generations_never_share_a_file_name() -> None:
    """Two classes of one qualified name get loaders in files of their own, each its source."""
    plain, noted = loader_for(twin(noted=False)), loader_for(twin(noted=True))
    assert plain.__code__.co_filename != noted.__code__.co_filename
    assert "note" not in inspect.getsource(plain)
    assert "note" in inspect.getsource(noted)
    assert plain.__code__.co_filename.endswith(".twin.<locals>.Twin>")
    assert noted.__code__.co_filename[:-1].rsplit("-", 1)[0] == plain.__code__.co_filename[:-1]


@model
class Branch:
    """A class that nests itself, which no dumper can write wholly inline."""

    label: str = doc("A label.")
    child: Branch | None = doc("The branch below.", default=None)
    children: tuple[Branch, ...] = doc("The branches beside.", default=())


def test_a_class_that_nests_itself_is_dumped_by_calls_of_its_own_dumper() -> None:
    """Objects are written inline down the tree, except a class inside itself: a call."""
    for for_orjson in (False, True):
        source = inspect.getsource(dumper_for(Branch, for_orjson=for_orjson))
        assert "for x1 in" not in source  # Branch items: Branch's own dumper, not inline
    deep = Branch(label="0")
    for level in range(1, 40):
        deep = Branch(label=str(level), child=deep, children=(Branch(label="leaf"),))
    expected: dict[str, Any] = {"label": "0"}
    for level in range(1, 40):
        expected = {"label": str(level), "child": expected, "children": [{"label": "leaf"}]}
    assert ngomodel.to_dict(deep) == expected
    assert ngomodel.dumps(deep) == orjson.dumps(expected)
    assert ngomodel.loads(ngomodel.dumps(deep), type=Branch) == deep


def test_objects_below_the_inline_depth_are_dumped_by_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the inline depth cut to one level, a program's dumpers call those of its parts,
    and write the same values."""
    import ngomodel._fastdump as fastdump

    program = max(ngomodel.reference_dataset().programs, key=lambda p: len(p.results))
    assert program.results
    monkeypatch.setattr(fastdump, "_INLINE_DEPTH", 1)
    for for_orjson in (False, True):
        shallow = fastdump._Compiler(for_orjson).dumper(Program)
        source = inspect.getsource(shallow)
        assert "for x1 in" not in source
        assert "dump_Result" in source
        assert "for x1 in" in inspect.getsource(dumper_for(Program, for_orjson=for_orjson))
        written = shallow(program)
        if for_orjson:
            written = orjson.loads(orjson.dumps(written, default=fastdump.orjson_default))
        assert written == ngomodel.to_dict(program)


def test_the_reference_path_collector_names_its_functions_apart_from_the_loader() -> None:
    """The collector reuses the loader's lines, under file names of its own job."""
    from ngomodel._json import _CONVERTER
    from ngomodel.converter import _collector

    collect = _collector(Program, _CONVERTER)
    where = f"{Program.__module__}.{Program.__qualname__}"
    assert collect.__name__ == "collect_Program"
    assert collect.__code__.co_filename.startswith(f"<ngomodel generated collect {where}")
    items = collect.__globals__["collect_Program_agreement_ids_item"]
    assert items.__code__.co_filename.startswith(
        f"<ngomodel generated collect item of {where}.agreement_ids"
    )
    loader_items = loader_for(Program).__globals__["load_Program_agreement_ids_item"]
    assert loader_items.__code__.co_filename == (
        f"<ngomodel generated load item of {where}.agreement_ids>"
    )
