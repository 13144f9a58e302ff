"""A downstream project's first day: the version, the licence, the dataset look-ups,
dates from the standard library, and the whole document's path, as a new user meets them."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ngomodel
from ngomodel import cli
from ngomodel.errors import Problem
from ngomodel.validation import problem_line

# -- the version ------------------------------------------------------------------------------


def test_version_is_the_installed_distributions() -> None:
    """``ngomodel.__version__`` is the version of the installed distribution."""
    assert ngomodel.__version__ == importlib.metadata.version("ngomodel")


def test_version_option_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``ngomodel --version`` prints ``ngomodel VERSION`` and exits 0, no command needed."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"ngomodel {ngomodel.__version__}\n"


def test_version_option_of_the_module() -> None:
    """``python -m ngomodel --version`` says the same, as the installed command does."""
    result = subprocess.run(
        [sys.executable, "-m", "ngomodel", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"ngomodel {ngomodel.__version__}\n")


def test_version_of_a_source_tree_never_installed() -> None:
    """Imported from a source tree that was never installed, ngomodel still imports, and
    says its version is unknown (a valid version that sorts before every release)."""
    from ngomodel import _version

    assert _version.installed_version("ngomodel-never-installed") == "0+unknown"


# -- the dataset's look-ups -------------------------------------------------------------------


def test_get_is_like_dict_get() -> None:
    """``Dataset.get`` returns the entity, or the default (``None`` unless given) for an id
    no entity has, as ``dict.get`` does; ``Dataset.entity`` raises ``KeyError`` instead."""
    data = ngomodel.reference_dataset()
    assert data.get("org-cca") is data.organization("org-cca")
    assert data.get("nobody") is None
    marker = object()
    assert data.get("nobody", marker) is marker
    assert data.get("org-cca", marker) is data.entity("org-cca")
    with pytest.raises(KeyError, match="nobody"):
        data.entity("nobody")


def test_in_asks_for_an_id() -> None:
    """``id in dataset`` is true for the id of any kind of entity, and only for those."""
    data = ngomodel.reference_dataset()
    assert all(entity.id in data for entity in data.entities())
    assert "nobody" not in data
    assert "" not in data
    assert "network-silk-road" in data
    assert "network-silk-road" not in ngomodel.Dataset(schema_version=ngomodel.SCHEMA_VERSION)


# -- dates from the standard library ----------------------------------------------------------


@given(st.dates())
def test_from_date_is_the_day(day: datetime.date) -> None:
    """``PartialDate.from_date`` of any ``date`` is that day, known to the day, and writes
    the date's ISO form."""
    date = ngomodel.PartialDate.from_date(day)
    assert (date.year, date.month, date.day) == (day.year, day.month, day.day)
    assert str(date) == day.isoformat()


def test_from_date_of_a_datetime_is_its_date() -> None:
    """A ``datetime`` is a ``date``: its date is taken, its time (and zone) dropped."""
    moment = datetime.datetime(2019, 4, 30, 23, 59, tzinfo=datetime.timezone.utc)
    assert str(ngomodel.PartialDate.from_date(moment)) == "2019-04-30"


def test_from_date_refuses_text() -> None:
    """Text is not a date: the error names the function that reads it."""
    with pytest.raises(TypeError, match=r"PartialDate\.parse"):
        ngomodel.PartialDate.from_date("2019-04-30")  # type: ignore[arg-type]


def test_a_date_where_a_partial_date_goes_names_from_date() -> None:
    """A ``date`` given to a model where a ``PartialDate`` goes is refused, strictly as
    before, with the fix in the message."""
    with pytest.raises(ngomodel.ValidationError) as raised:
        ngomodel.Network(
            id="network-x",
            name=ngomodel.LocalizedText({"en": "X"}),
            founding_date=datetime.date(2005, 1, 2),  # type: ignore[arg-type]
        )
    (problem,) = raised.value.errors
    assert (problem.path, problem.code) == ("/founding_date", "wrong_type")
    assert problem.message == (
        "expected a PartialDate, got 'date' datetime.date(2005, 1, 2); "
        "PartialDate.from_date() makes one of a date"
    )


# -- the whole document's path ----------------------------------------------------------------


def test_the_whole_document_is_shown_as_root_not_as_the_pointer_of_key_empty() -> None:
    """The whole document (pointer ``""``) is shown as ``(root)`` in the text report and in
    a problem's text; ``/`` is the pointer of the key ``""`` and is shown as itself."""
    whole = Problem(path="", code="invalid_json", message="bad")
    empty_key = Problem(path="/", code="wrong_type", message="bad")
    assert (whole.shown_path, empty_key.shown_path) == ("(root)", "/")
    assert problem_line("a.json", whole) == "a.json: error: (root): bad [invalid_json]"
    assert problem_line("a.json", empty_key) == "a.json: error: /: bad [wrong_type]"
    assert str(whole) == "(root): bad [invalid_json]"
    assert str(empty_key) == "/: bad [wrong_type]"


def test_the_command_shows_the_whole_document_as_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ngomodel validate`` reports a problem of the whole document at ``(root)`` in text,
    and at the pointer ``""`` in JSON: one path, one way of showing it per format."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "org-1",}', encoding="utf-8")
    assert cli.main(["validate", "--schema", "organization", str(broken)]) == 1
    assert f"{broken}:1:16: error: (root): Expecting property name" in capsys.readouterr().out
    cli.main(["validate", "--format", "json", "--schema", "organization", str(broken)])
    (source,) = json.loads(capsys.readouterr().out)["sources"]
    assert [p["path"] for p in source["problems"]] == [""]


# -- a sample file to try the commands on -----------------------------------------------------


def test_demo_writes_the_reference_dataset_to_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ngomodel demo --write FILE`` writes the shipped reference dataset, byte for byte,
    says how to check it, and ``ngomodel validate FILE`` then calls it valid."""
    target = tmp_path / "dataset.json"
    assert cli.main(["demo", "--write", str(target)]) == 0
    assert capsys.readouterr().out == (
        f"Wrote the reference dataset to {target}. Check it with: ngomodel validate {target}\n"
    )
    shipped = Path(ngomodel.__file__).parent / "data" / "reference-dataset.json"
    assert target.read_bytes() == shipped.read_bytes()
    assert cli.main(["validate", str(target)]) == 0
    assert capsys.readouterr().out.startswith("valid: 1 record(s)")


def test_demo_writes_to_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """``--write -`` writes the same bytes to standard output, and nothing else."""
    assert cli.main(["demo", "--write", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert ngomodel.loads(out) == ngomodel.reference_dataset()


def test_demo_replaces_a_file_whole(tmp_path: Path) -> None:
    """An existing file is replaced whole: nothing of the old content is left."""
    target = tmp_path / "dataset.json"
    target.write_text("x" * 500_000, encoding="utf-8")
    assert cli.main(["demo", "--write", str(target)]) == 0
    assert ngomodel.loads(target.read_bytes()) == ngomodel.reference_dataset()


@pytest.mark.parametrize(
    ("where", "message"),
    [(".", "is a folder: give a file name"), ("missing/dataset.json", "no such file or directory")],
)
def test_demo_cannot_write_is_a_usage_error(
    where: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder or a missing folder is a usage error (exit 2) that says why; nothing is
    written and nothing is left behind."""
    target = tmp_path / where
    assert cli.main(["demo", "--write", str(target)]) == 2
    assert capsys.readouterr().err == f"ngomodel: error: {target}: {message}\n"
    assert [p.name for p in tmp_path.iterdir()] == []


# -- the extras -------------------------------------------------------------------------------


def test_strategies_without_hypothesis_name_the_extra() -> None:
    """Without hypothesis, importing the strategies says which extra installs it, and
    ngomodel itself still imports."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import ngomodel\n"
        "try:\n"
        "    import ngomodel.strategies\n"
        "except ImportError as error:\n"
        "    print(error, error.name, sep='|')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (
        0,
        "ngomodel.strategies needs hypothesis: install it with pip install "
        "'ngomodel[testing]'|hypothesis\n",
    )


def test_each_extra_serves_one_purpose_and_dev_has_them_all() -> None:
    """The installed metadata offers ``testing`` (hypothesis, for the strategies),
    ``fast``, ``progress``, ``docs`` and ``bench``; ``dev`` holds all their packages, and the
    core needs none of their packages."""
    meta = importlib.metadata.metadata("ngomodel")
    extras = set(meta.get_all("Provides-Extra") or ())
    assert {"testing", "fast", "progress", "iati", "docs", "bench", "dev"} <= extras
    requires = meta.get_all("Requires-Dist") or []
    core = {r.split(">")[0].split("<")[0].split("=")[0].strip() for r in requires if ";" not in r}
    assert core == {"attrs", "cattrs", "jsonschema", "orjson", "referencing", "typing-extensions"}

    def names(extra: str) -> set[str]:
        wanted = f"extra == '{extra}'"
        return {r.split(";")[0].split(">")[0].strip() for r in requires if wanted in r}

    purposes = {
        extra: names(extra) for extra in ("testing", "fast", "progress", "iati", "docs", "bench")
    }
    assert purposes["testing"] == {"hypothesis"}
    assert all(purposes.values())
    assert set().union(*purposes.values()) <= names("dev")
