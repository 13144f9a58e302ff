"""The ``ngomodel convert`` command, and ``ngomodel validate`` given XML.

The command is run in-process. Fake readers and writers put in its registry test the
command's own behaviour; the real formats are tested end to end (ngomodel JSON both ways,
IATI activities and organisations out, Popolo out and back).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ngomodel import Dataset, cli, loads
from ngomodel._reference import reference_bytes, reference_dataset
from ngomodel.conversion import Converted
from ngomodel.errors import Problem

from .test_cli import main
from .test_xml_safety import billion_laughs, deep, external_entity

pytest.importorskip("lxml")

LEFT_OUT = Problem(
    path="/memberships", code="not_exported", message="2 memberships left out", severity="warning"
)
MISSING = Problem(
    path="/programs/0", code="iati_missing", message="needs a reporting org", where="/x[1]"
)


def fake_writer(problems: tuple[Problem, ...] = (), value: bytes | None = b"<out/>\n") -> Any:
    """A writer with a ``partial`` option that returns *value* (or nothing, on errors)."""
    calls: list[tuple[Dataset, bool]] = []

    def write(dataset: Dataset, partial: bool = False) -> Converted[bytes]:
        calls.append((dataset, partial))
        errors = any(p.severity == "error" for p in problems)
        return Converted(value if partial or not errors else None, problems)

    write.calls = calls  # type: ignore[attr-defined]
    return write


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    """The reference dataset, as a file."""
    path = tmp_path / "dataset.json"
    path.write_bytes(reference_bytes())
    return path


def test_json_to_json_round_trip(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path
) -> None:
    """The real json reader and writer: the reference dataset comes back equal."""
    out = tmp_path / "out.json"
    status, _, err = main(capsys, "convert", str(dataset_file), "--to", "json", "-o", str(out))
    assert (status, err) == (0, "")
    assert json.loads(out.read_bytes()) == json.loads(reference_bytes())


def test_invalid_json_gives_located_errors_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The json reader validates through every layer: a bad dataset is exit 1, problems on
    standard error with line and column, and no output file."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.1",\n "persons": [{"id": "p 1"}]}')
    out = tmp_path / "out.json"
    status, stdout, err = main(capsys, "convert", str(bad), "--to", "json", "-o", str(out))
    assert status == 1
    assert stdout == ""
    assert f"{bad}:2:" in err
    assert "[invalid_id]" in err
    assert "nothing written" in err
    assert not out.exists()


def test_a_writer_is_looked_up_in_the_registry_and_its_warnings_shown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dataset_file: Path
) -> None:
    """A writer registered under a format name is used; its warnings go to standard error
    in the usual text form, and the output to standard output; exit 0."""
    writer = fake_writer((LEFT_OUT,))
    monkeypatch.setitem(cli._WRITERS, "popolo", lambda: writer)
    status, out, err = main(capsys, "convert", str(dataset_file), "--to", "popolo")
    assert (status, out) == (0, "<out/>\n")
    assert err == f"{dataset_file}: warning: /memberships: 2 memberships left out [not_exported]\n"
    assert [partial for _, partial in writer.calls] == [False]


def test_errors_of_the_writer_write_nothing_unless_partial(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    dataset_file: Path,
    tmp_path: Path,
) -> None:
    """An error of the writer: exit 1, nothing written, the error shown at its ``where``;
    with --partial the partial file is written, and the exit status is still 1."""
    writer = fake_writer((MISSING, LEFT_OUT))
    monkeypatch.setitem(cli._WRITERS, "iati-activities", lambda: writer)
    out = tmp_path / "out.xml"
    args = ("convert", str(dataset_file), "--to", "iati-activities", "-o", str(out))
    status, _, err = main(capsys, *args)
    assert status == 1
    assert (
        f"{dataset_file}: error: /programs/0 (/x[1]): needs a reporting org [iati_missing]" in err
    )
    assert "[not_exported]" in err
    assert not out.exists()
    status, _, err = main(capsys, *args, "--partial")
    assert status == 1
    assert out.read_bytes() == b"<out/>\n"
    assert "partial file was written" in err


def test_partial_is_refused_for_a_writer_without_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dataset_file: Path
) -> None:
    """--partial to a writer that writes all or nothing is a usage error (exit 2)."""
    monkeypatch.setitem(cli._WRITERS, "popolo", lambda: lambda dataset: Converted(b"{}"))
    status, _, err = main(capsys, "convert", str(dataset_file), "--to", "popolo", "--partial")
    assert status == 2
    assert "--partial does not apply to popolo" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?>\n<iati-activities><iati-activity/></iati-activities>', "iati"),
        (b"<iati-organisations/>", "iati"),
        (b'{"persons": [{"id": "p1", "name": "A"}], "memberships": []}', "popolo"),
        (b'{"schema_version": "1.1", "persons": []}', "json"),
        (b"[1, 2", "json"),
    ],
)
def test_the_input_format_is_told_from_the_content(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    content: bytes,
    expected: str,
) -> None:
    """XML by its root element, Popolo by its keys without schema_version, else ngomodel
    JSON; the reader registered under that name is the one called."""
    called: list[str] = []
    for name in ("json", "iati", "popolo"):

        def read(data: bytes, name: str = name) -> Converted[Any]:
            called.append(name)
            return Converted(Dataset(schema_version="1.1"))

        monkeypatch.setitem(cli._READERS, name, lambda read=read: read)
    monkeypatch.setattr(cli, "_STREAMERS", {})  # the readers of a whole file, not streamed
    source = tmp_path / "input"
    source.write_bytes(content)
    status, out, _ = main(capsys, "convert", str(source), "--to", "json")
    assert (status, called) == (0, [expected])
    assert json.loads(out)["schema_version"] == "1.1"


def test_from_overrides_detection(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--from popolo reads a file as Popolo whatever it looks like."""
    seen: list[bytes] = []
    monkeypatch.setitem(
        cli._READERS,
        "popolo",
        lambda: lambda data: seen.append(data) or Converted(Dataset(schema_version="1.1")),
    )
    source = tmp_path / "x.json"
    source.write_bytes(b'{"schema_version": "1.1"}')
    status, _, _ = main(capsys, "convert", str(source), "--from", "popolo", "--to", "json")
    assert (status, seen) == (0, [b'{"schema_version": "1.1"}'])


def test_a_format_not_written_yet_is_a_clear_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A reader whose module does not exist: exit 2 and one line saying it is not
    available yet, no traceback."""
    monkeypatch.setitem(cli._READERS, "iati", cli._lazy("ngomodel.no_such_module", "read"))
    monkeypatch.setitem(cli._STREAMERS, "iati", cli._lazy("ngomodel.no_such_module", "read"))
    source = tmp_path / "a.xml"
    source.write_bytes(b"<iati-activities/>")
    status, out, err = main(capsys, "convert", str(source), "--to", "json")
    assert (status, out) == (2, "")
    assert err == "ngomodel: error: reading iati is not available yet in this version\n"


def test_xml_of_another_kind_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """XML whose root is not one ngomodel reads: exit 2, naming the root."""
    source = tmp_path / "a.xml"
    source.write_bytes(b"<html><body/></html>")
    status, _, err = main(capsys, "convert", str(source), "--to", "json")
    assert status == 2
    assert "<html>" in err


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (billion_laughs, "xml_doctype"),
        (lambda: external_entity("file:///etc/passwd"), "xml_doctype"),
        (lambda: external_entity("http://127.0.0.1:9/x"), "xml_doctype"),
        (deep, "xml_too_deep"),
        (lambda: b"<iati-activities><iati-activity>", "invalid_xml"),
    ],
)
def test_hostile_xml_is_a_located_error_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, build: Any, code: str
) -> None:
    """Through the command, each hostile file gives its located problem and exit 1,
    before any reader is looked up; nothing is written."""
    source = tmp_path / "hostile.xml"
    source.write_bytes(build())
    out = tmp_path / "out.json"
    status, stdout, err = main(capsys, "convert", str(source), "--to", "json", "-o", str(out))
    assert (status, stdout) == (1, "")
    assert f"[{code}]" in err
    assert f"{source}:" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_output_cannot_be_the_input(
    capsys: pytest.CaptureFixture[str], dataset_file: Path
) -> None:
    """Converting a file onto itself is a usage error; the file is untouched."""
    status, _, err = main(
        capsys, "convert", str(dataset_file), "--to", "json", "-o", str(dataset_file)
    )
    assert status == 2
    assert "is the input" in err
    assert dataset_file.read_bytes() == reference_bytes()


def test_a_missing_input_is_an_io_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An input that cannot be read: exit 2, one line."""
    status, _, err = main(capsys, "convert", str(tmp_path / "none.json"), "--to", "json")
    assert status == 2
    assert err.startswith("ngomodel: error: ")
    assert err.count("\n") == 1


# -- validate given XML ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b'<?xml version="1.0"?>\n<iati-activities/>', "an IATI activities file (XML)"),
        (b"\n  <iati-organisations/>", "an IATI organisations file (XML)"),
        (b"<html/>", "XML"),
        (b"<not even xml", "XML"),
    ],
)
def test_validate_tells_xml_from_json_and_says_how_to_convert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, what: str
) -> None:
    """``ngomodel validate`` on XML: not an ``invalid_json`` at (root), but what the file
    is and the command that converts it; exit 1."""
    source = tmp_path / "activities.xml"
    source.write_bytes(content)
    status, out, _ = main(capsys, "validate", str(source))
    assert status == 1
    assert (
        f"{source}:1:1: error: (root): this is {what}; ngomodel validates its own JSON: "
        f"convert it first with `ngomodel convert {source} --to json` [not_ngomodel_json]"
    ) in out
    assert "invalid_json" not in out
    # One document given, and an invalid one: counted as a record, as broken JSON is.
    assert out.endswith(
        "invalid: 1 record(s) in 1 source(s), 1 invalid; 1 error(s), 0 warning(s)\n"
    )


# -- the real formats, end to end -------------------------------------------------------------


@pytest.fixture
def complete_file(tmp_path: Path) -> Path:
    """The reference dataset completed with what IATI 2.03 requires, as a file."""
    from ngomodel import dumps

    from .test_iati_export import complete

    path = tmp_path / "complete.json"
    path.write_bytes(dumps(complete(reference_dataset())))
    return path


def _xsd_errors(xml: bytes) -> list[str]:
    """The XSD errors of *xml*, or a skip when the XSDs are not set up here."""
    from . import iati_xsd

    reason = iati_xsd.available()
    if reason is not None:
        pytest.skip(reason)
    return list(iati_xsd.errors(xml))


def test_json_to_iati_activities_writes_a_valid_file_with_its_warnings(
    capsys: pytest.CaptureFixture[str], complete_file: Path, tmp_path: Path
) -> None:
    """A dataset with what IATI needs: exit 0, an XSD-valid file, and what IATI cannot hold
    as one not_exported warning line per kind; no generated-datetime unless asked."""
    out = tmp_path / "activities.xml"
    args = ("convert", str(complete_file), "--to", "iati-activities", "-o", str(out))
    status, stdout, err = main(capsys, *args)
    assert (status, stdout) == (0, "")
    assert f"{complete_file}: warning: /programs/0/sources: Program.sources: 5 left out (" in err
    assert "error" not in err
    assert b"generated-datetime" not in out.read_bytes()
    assert _xsd_errors(out.read_bytes()) == []
    first = out.read_bytes()
    status, _, _ = main(capsys, *args, "--generated", "2024-05-01T12:00:00+00:00")
    assert status == 0
    assert b'generated-datetime="2024-05-01T12:00:00+00:00"' in out.read_bytes()
    status, _, _ = main(capsys, *args)
    assert out.read_bytes() == first


def test_the_reference_dataset_to_iati_shows_what_is_missing_located(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path
) -> None:
    """The reference dataset lacks what IATI requires: one line per missing value, each with
    the JSON Pointer in the input and the IATI element it needs; exit 1 and nothing
    written. With --partial the partial file is written, still exit 1."""
    from .test_iati_export import REFERENCE_MISSING

    out = tmp_path / "activities.xml"
    args = ("convert", str(dataset_file), "--to", "iati-activities", "-o", str(out))
    status, stdout, err = main(capsys, *args)
    assert (status, stdout) == (1, "")
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[1].split("): ")[0] for line in errors] == [
        f"{path} ({where}" for path, where in REFERENCE_MISSING
    ]
    assert all(line.endswith("[iati_required_missing]") for line in errors)
    assert err.endswith("ngomodel: nothing written: iati-activities needs what the input lacks\n")
    assert not out.exists()
    status, _, err = main(capsys, *args, "--partial")
    assert status == 1
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<iati-activities")
    assert "a partial file was written" in err


def test_json_to_iati_organisations_needs_the_reporting_organization(
    capsys: pytest.CaptureFixture[str], complete_file: Path, tmp_path: Path
) -> None:
    """iati-organisations without --reporting-organization is a usage error (the dataset
    does not say who publishes, and nothing is assumed); with an organization of the
    dataset, by id or IATI identifier, the file is written, XSD-valid; an id the dataset
    does not have is a usage error."""
    out = tmp_path / "organisations.xml"
    args = ("convert", str(complete_file), "--to", "iati-organisations", "-o", str(out))
    status, _, err = main(capsys, *args)
    assert status == 2
    assert "needs --reporting-organization ID" in err
    assert not out.exists()
    for given in ("org-cfpd", "XM-EXAMPLE-org-cfpd"):
        status, _, err = main(capsys, *args, "--reporting-organization", given)
        assert status == 0, err
        assert b'<reporting-org ref="XM-EXAMPLE-org-cfpd" type="60"' in out.read_bytes()
        assert _xsd_errors(out.read_bytes()) == []
    status, _, err = main(capsys, *args, "--reporting-organization", "org-nobody")
    assert status == 2
    assert "org-nobody: no organization or network of the dataset" in err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--to", "popolo", "--reporting-organization", "org-cca"), "does not apply to popolo"),
        (("--to", "json", "--generated", "now"), "--generated does not apply to json"),
        (("--to", "iati-activities", "--generated", "2024-05-01"), "give its time zone"),
        (("--to", "iati-activities", "--generated", "yesterday"), "not an ISO 8601 date-time"),
    ],
)
def test_writer_options_that_do_not_apply_are_usage_errors(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, option: tuple[str, ...], message: str
) -> None:
    """An option the writer does not take, or a time without its zone: exit 2, one line."""
    status, out, err = main(capsys, "convert", str(dataset_file), *option)
    assert (status, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_generated_now_is_an_absolute_time(
    capsys: pytest.CaptureFixture[str], complete_file: Path
) -> None:
    """--generated now writes the current time in UTC, to the second."""
    status, out, _ = main(
        capsys, "convert", str(complete_file), "--to", "iati-activities", "--generated", "now"
    )
    assert status == 0
    assert re.search(r'generated-datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"', out)


def test_json_to_popolo_and_back(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path
) -> None:
    """The reference dataset to Popolo (exit 0, what Popolo cannot hold as warnings), and
    the Popolo file back to ngomodel JSON, told from its content: the people and
    organizations come back."""
    people = tmp_path / "people.json"
    status, _, err = main(capsys, "convert", str(dataset_file), "--to", "popolo", "-o", str(people))
    assert status == 0
    assert "Dataset.programs: 5 left out (Popolo has no place for it)" in err
    assert sorted(json.loads(people.read_bytes())) == [
        "memberships",
        "organizations",
        "persons",
        "posts",
    ]
    back = tmp_path / "back.json"
    status, _, err = main(capsys, "convert", str(people), "--to", "json", "-o", str(back))
    assert status == 0, err
    dataset = loads(back.read_bytes())
    reference = reference_dataset()
    assert [p.id for p in dataset.persons] == [p.id for p in reference.persons]
    assert [o.id for o in dataset.organizations] == [o.id for o in reference.organizations]
    assert [n.id for n in dataset.networks] == [n.id for n in reference.networks]


IATI_FILE = Path(__file__).parent / "data" / "iati-activities-203.xml"


def test_iati_activities_to_json_gives_a_valid_dataset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An IATI file converts to ngomodel JSON (told from its root element), which loads and
    keeps each activity's identifier; a kind not read is one warning line with its XPath."""
    source = tmp_path / "activities.xml"
    source.write_bytes(
        IATI_FILE.read_bytes().replace(
            b"</iati-activity>", b'<fss extraction-date="2020-01-01"/></iati-activity>', 1
        )
    )
    out = tmp_path / "dataset.json"
    status, stdout, err = main(capsys, "convert", str(source), "--to", "json", "-o", str(out))
    assert (status, stdout) == (0, "")
    line = source.read_bytes().count(b"\n", 0, source.read_bytes().index(b"<fss")) + 1
    assert err.splitlines() == [
        f"{source}:{line}: warning: /iati-activities/iati-activity[1]/fss[1]: "
        "iati-activity/fss: 1 left out (ngomodel has no place for it): "
        "/iati-activities/iati-activity[1]/fss[1] [not_imported]"
    ]
    dataset = loads(out.read_bytes())
    assert [p.iati_identifier for p in dataset.programs] == ["XM-DAC-41114-PROJECT/00012"]


def test_iati_activities_to_iati_activities_keeps_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """IATI in, IATI out: the file read is written again, XSD-valid, every element kept."""
    from lxml import etree

    from .iati_compare import differences

    out = tmp_path / "again.xml"
    args = ("convert", str(IATI_FILE), "--to", "iati-activities", "-o", str(out))
    status, stdout, err = main(capsys, *args)
    assert (status, stdout, err) == (0, "", "")
    assert _xsd_errors(out.read_bytes()) == []
    assert (
        differences(etree.fromstring(IATI_FILE.read_bytes()), etree.fromstring(out.read_bytes()))
        == []
    )


def test_json_to_parquet_and_back_gives_the_same_bytes(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path
) -> None:
    """``--to parquet --output DIR`` makes the folder of Parquet files; the folder, told
    from its dataset.parquet, converts back to JSON byte for byte as ``--to json`` of the
    original writes it; no temporary folder is left beside it."""
    pytest.importorskip("pyarrow")
    tables = tmp_path / "tables"
    status, out, err = main(
        capsys, "convert", str(dataset_file), "--to", "parquet", "--output", str(tables)
    )
    assert (status, out, err) == (0, "", "")
    assert sorted(p.name for p in tables.iterdir())[:2] == ["agreements.parquet", "dataset.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset.json", "tables"]
    direct = tmp_path / "direct.json"
    back = tmp_path / "back.json"
    assert main(capsys, "convert", str(dataset_file), "--to", "json", "-o", str(direct))[0] == 0
    status, _, err = main(capsys, "convert", str(tables), "--to", "json", "-o", str(back))
    assert (status, err) == (0, "")
    assert back.read_bytes() == direct.read_bytes()


@pytest.mark.parametrize("output", [None, "-", "exists"])
def test_parquet_needs_a_new_output_folder(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path, output: str | None
) -> None:
    """``--to parquet`` without ``--output``, to standard output, or to a folder that
    exists is a usage error (exit 2) before anything is read; the folder is left alone."""
    pytest.importorskip("pyarrow")
    argv = ["convert", str(dataset_file), "--to", "parquet"]
    if output == "exists":
        (tmp_path / "exists").mkdir()
        (tmp_path / "exists" / "keep.txt").write_text("mine")
        output = str(tmp_path / "exists")
    if output is not None:
        argv += ["--output", output]
    status, out, err = main(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("ngomodel: error: ")
    assert ("--output DIR" in err) if output in (None, "-") else ("exists" in err)
    if output not in (None, "-"):
        assert [p.name for p in (tmp_path / "exists").iterdir()] == ["keep.txt"]


def test_a_parquet_folder_that_fails_leaves_nothing(
    capsys: pytest.CaptureFixture[str],
    dataset_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure while the files are written (here the disk, on the second file) leaves
    neither the folder nor its temporary sibling: exit 2, one line."""
    pytest.importorskip("pyarrow")
    real_fsync = cli.os.fsync
    calls: list[int] = []

    def failing(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(cli.os, "fsync", failing)
    tables = tmp_path / "tables"
    status, _, err = main(
        capsys, "convert", str(dataset_file), "--to", "parquet", "-o", str(tables)
    )
    assert status == 2
    assert err == f"ngomodel: error: {tables}: no space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset.json"]


def test_folders_that_are_not_parquet_are_usage_errors(
    capsys: pytest.CaptureFixture[str], dataset_file: Path, tmp_path: Path
) -> None:
    """A folder without dataset.parquet, a folder given ``--from json``, and a file given
    ``--from parquet`` are each a usage error naming what is read."""
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = main(capsys, "convert", str(empty), "--to", "json")
    assert (status, err) == (
        2,
        f"ngomodel: error: {empty} is a folder without dataset.parquet (parquet), which "
        "ngomodel reads\n",
    )
    status, _, err = main(capsys, "convert", str(empty), "--from", "json", "--to", "json")
    assert (status, err) == (
        2,
        f"ngomodel: error: {empty} is a folder, and --from json reads a file\n",
    )
    status, _, err = main(capsys, "convert", str(dataset_file), "--from", "parquet", "--to", "json")
    assert status == 2
    assert "--from parquet reads a folder (holding dataset.parquet)" in err


def test_a_broken_parquet_folder_gives_located_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder whose dataset.parquet is not Parquet: exit 1, the file named, no output."""
    pytest.importorskip("pyarrow")
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "dataset.parquet").write_bytes(b"not parquet")
    out = tmp_path / "out.json"
    status, _, err = main(capsys, "convert", str(tables), "--to", "json", "-o", str(out))
    assert status == 1
    assert "dataset.parquet" in err
    assert "[unreadable_parquet]" in err
    assert not out.exists()


_ACTIVITY = re.compile(r"<iati-activity[ >].*?</iati-activity>", re.DOTALL)


def _activities(count: int, *, same_last_location: bool = False) -> bytes:
    """The IATI test file (``xml:lang="en"``) with *count* copies of its activity, each
    with its own identifier and location; or the last with its location's id again."""
    one = IATI_FILE.read_text(encoding="utf-8")
    activity = _ACTIVITY.search(one).group()  # type: ignore[union-attr]
    copies = []
    for index in range(count):
        place = index - 1 if same_last_location and index == count - 1 else index
        copy = activity.replace("PROJECT/00012", f"PROJECT/1{index:04}")
        copies.append(copy.replace('<location ref="', f'<location ref="{place}-'))
    return _ACTIVITY.sub(lambda _: "\n".join(copies), one, count=1).encode()


def test_iati_to_json_is_streamed_and_writes_the_bytes_of_the_whole_dataset(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An IATI file to ngomodel JSON is read as a stream (never whole), and the file and
    standard output get byte for byte what writing the whole dataset gives, the
    ``default_language`` known at the end of the file in its place before the programs;
    the warnings are those of :func:`from_iati`; nothing else is left in the folder."""
    from ngomodel.iati import from_iati

    source = tmp_path / "activities.xml"
    source.write_bytes(_activities(3).replace(b"</iati-activity>", b"<fss/></iati-activity>", 1))
    whole = from_iati(source.read_bytes())
    assert whole.value is not None
    assert whole.value.default_language == "en"
    expected = cli._write_json(whole.value).value
    assert expected is not None

    def never(name: str) -> bytes:
        raise AssertionError(f"{name} read whole")

    monkeypatch.setattr(cli, "_read_input", never)
    out = tmp_path / "dataset.json"
    status, stdout, err = main(capsys, "convert", str(source), "--to", "json", "-o", str(out))
    assert (status, stdout) == (0, "")
    assert out.read_bytes() == expected
    assert [line.rpartition(" [")[2] for line in err.splitlines()] == ["not_imported]"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["activities.xml", "dataset.json"]
    status, stdout, _ = main(capsys, "convert", str(source), "--to", "json")
    assert status == 0
    assert stdout.encode() == expected


def test_an_error_in_the_last_activity_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A duplicate id found in the last activity, after the others were written to the
    temporary body: exit 1, the located error, no output and no temporary file."""
    source = tmp_path / "activities.xml"
    source.write_bytes(_activities(3, same_last_location=True))
    out = tmp_path / "dataset.json"
    status, stdout, err = main(capsys, "convert", str(source), "--to", "json", "-o", str(out))
    assert (status, stdout) == (1, "")
    assert "is already used at /programs/1/locations/0/id" in err
    assert "[duplicate_id]" in err
    assert err.endswith("ngomodel: nothing written: the input has errors\n")
    assert [p.name for p in tmp_path.iterdir()] == ["activities.xml"]


def test_a_streamed_conversion_that_fails_to_write_leaves_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A disk error while the output is made from the streamed body: exit 2, one line,
    and neither the output nor a temporary file is left."""
    source = tmp_path / "activities.xml"
    source.write_bytes(_activities(2))

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", full)
    out = tmp_path / "dataset.json"
    status, _, err = main(capsys, "convert", str(source), "--to", "json", "-o", str(out))
    assert status == 2
    assert err == f"ngomodel: error: {out}: no space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == ["activities.xml"]
