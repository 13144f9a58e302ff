"""Safe XML reading (ngomodel._xml): hostile files give located problems, quickly and in
bounded memory, and a file of many activities streams with memory that stays flat.

Times and peak memory of the hostile files are measured in subprocesses and printed
(``pytest -s``), not asserted; the streaming test asserts a ratio of memory growths.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("lxml")

from ngomodel._xml import XmlReader, is_xml, read_children, root_name

# -- hostile files ------------------------------------------------------------------------


def billion_laughs() -> bytes:
    """Ten levels of entities, each ten of the one before: 10¹⁰ "lol" if expanded."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE iati-activities [\n'
        + "\n".join(levels)
        + "\n]>\n<iati-activities><iati-activity>&lol9;</iati-activity></iati-activities>\n"
    ).encode()


def external_entity(target: str) -> bytes:
    """An external entity pointing to *target* (a file or a URL), used in an element."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "{target}">]>\n'
        "<iati-activities><iati-activity>&secret;</iati-activity></iati-activities>\n"
    ).encode()


def external_dtd(target: str) -> bytes:
    """A document type whose external subset is at *target*."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE iati-activities SYSTEM "{target}">\n<iati-activities/>\n'
    ).encode()


def deep(levels: int = 100_000) -> bytes:
    """Elements nested *levels* deep inside an activity."""
    return (
        b"<iati-activities>\n<iati-activity>"
        + b"<a>" * levels
        + b"</a>" * levels
        + b"</iati-activity></iati-activities>"
    )


def problems_of(data: bytes, **limits: int) -> list[tuple[str, int | None, str | None]]:
    """Read *data* through; the (code, line, where) of each problem."""
    reader = XmlReader(data, **limits)
    for _ in reader:
        pass
    return [(p.code, p.line, p.where) for p in reader.problems]


def test_billion_laughs_is_refused_at_its_document_type() -> None:
    """The entity bomb is not expanded: its DOCTYPE is refused, on the line it is on."""
    assert problems_of(billion_laughs()) == [("xml_doctype", 2, None)]


def test_an_external_entity_to_a_local_file_is_not_read(tmp_path: Path) -> None:
    """An entity naming a local file is refused with the DOCTYPE: the file's content
    appears nowhere, not in the problems and not in the elements read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = external_entity(secret.as_uri())
    reader = XmlReader(data)
    read = [child.where for child in reader]
    assert read == []
    assert [(p.code, p.line) for p in reader.problems] == [("xml_doctype", 2)]
    assert "TOP-SECRET" not in repr(reader.problems)


@pytest.mark.parametrize("build", [external_entity, external_dtd])
def test_an_external_entity_or_dtd_at_a_url_touches_no_network(build: object) -> None:
    """A URL in an entity or an external DTD is refused before any fetch: the address is
    one nothing answers at, and the refusal is the DOCTYPE's, not a network error."""
    assert callable(build)
    assert problems_of(build("http://127.0.0.1:9/evil.dtd")) == [("xml_doctype", 2, None)]


def test_a_document_type_in_utf16_is_refused_too() -> None:
    """The DOCTYPE check does not rely on the bytes being ASCII-compatible: in UTF-16 the
    declaration is found in the parsed tree."""
    data = (
        external_entity("file:///etc/passwd").decode().replace('"1.0"', '"1.0" encoding="UTF-16"')
    )
    assert [p[0] for p in problems_of(data.encode("utf-16"))] == ["xml_doctype"]


def test_a_100k_deep_file_stops_at_the_depth_limit_with_its_xpath() -> None:
    """Nesting deeper than the limit is reported where it passes the limit: the XPath of
    the element that is one level too deep."""
    [(code, line, where)] = problems_of(deep())
    assert (code, line) == ("xml_too_deep", 2)
    assert where is not None
    assert where.startswith("/iati-activities/iati-activity[1]/a[1]/a[1]")
    assert where.count("/") == 257


def test_the_depth_limit_can_be_lowered() -> None:
    """``max_depth`` is the deepest level read: at the limit is fine, one more is not."""
    assert problems_of(b"<r><a><b/></a></r>", max_depth=3) == []
    assert problems_of(b"<r><a><b/></a></r>", max_depth=2) == [("xml_too_deep", 1, "/r/a[1]/b[1]")]


def test_a_source_larger_than_the_limit_is_too_large() -> None:
    """Bytes and streams alike: more than ``max_bytes`` is ``too_large``, and a stream is
    not read further than the limit (plus the parser's one buffer)."""
    data = b"<r>" + b"<a/>" * 1000 + b"</r>"
    assert problems_of(data, max_bytes=100) == [("too_large", None, None)]
    stream = io.BytesIO(data)
    reader = XmlReader(stream, max_bytes=100)
    assert [child.where for child in reader] == []
    assert [p.code for p in reader.problems] == ["too_large"]
    assert problems_of(data, max_bytes=len(data)) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ("invalid_xml", 1, None)),
        (b"  \n", ("invalid_xml", 1, None)),
        (b"<r><a>x</a><a", ("invalid_xml", 1, "/r/a[2]")),
        (b"<r>\n<a>\n<b x='1' x='2'/></a></r>", ("invalid_xml", 3, "/r/a[1]")),
        (b"<r><a/></r>junk", ("invalid_xml", 1, None)),
        (b"<r><a>&undefined;</a></r>", ("invalid_xml", 1, "/r/a[1]")),
        (b"\xff\xfe<r/>", ("invalid_xml", 1, None)),
    ],
)
def test_malformed_xml_is_a_located_problem(
    data: bytes, expected: tuple[str, int, str | None]
) -> None:
    """Whatever is wrong with the text, one located ``invalid_xml`` problem, no exception."""
    assert problems_of(data) == [expected]


def test_children_stream_with_their_xpaths_and_are_cleared_after_use() -> None:
    """Each child of the root comes whole, with its numbered XPath; once the next one is
    read, the one before is cleared and those before it are gone from the tree."""
    reader = XmlReader(b"<r v='2'><a><t>1</t></a><b/><a><t>2</t><t>3</t></a></r>")
    seen = []
    for child in reader:
        seen.append((child.where, [t.text for t in child.element.iter("t")]))
        before = child.element.getprevious()  # the one before, cleared; none before it
        assert before is None or (len(before) == 0 and before.getprevious() is None)
        if child.element.tag == "a" and len(child.element) == 2:
            assert child.where_of(child.element[1]) == "/r/a[2]/t[2]"
    assert seen == [("/r/a[1]", ["1"]), ("/r/b[1]", []), ("/r/a[2]", ["2", "3"])]
    assert reader.root is not None
    assert reader.root.get("v") == "2"
    assert len(reader.root) == 1
    assert len(reader.root[0]) == 0
    assert reader.problems == []


def test_a_reader_reads_once() -> None:
    """A second pass cannot silently see nothing: it is an error to try."""
    children, problems = read_children(b"<r><a/></r>")
    assert len(list(children)) == 1
    assert problems == []
    reader = XmlReader(b"<r/>")
    list(reader)
    with pytest.raises(RuntimeError):
        list(reader)


def test_is_xml_and_root_name() -> None:
    """The sniffing the command line uses: the first non-blank byte, and the root's name
    (None for what cannot be read that far, a DOCTYPE included)."""
    assert is_xml(b"\xef\xbb\xbf\n <r/>")
    assert not is_xml(b"[]")
    assert not is_xml(b"")
    assert root_name(b"<iati-organisations><x/></iati-organisations>") == "iati-organisations"
    assert root_name(b"<n:r xmlns:n='urn:x'/>") == "r"
    assert root_name(billion_laughs()) is None
    assert root_name(b"{}") is None


# -- measured in subprocesses: time and peak memory ----------------------------------------

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from ngomodel._xml import XmlReader
    path = sys.argv[1]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with open(path, "rb") as stream:
        reader = XmlReader(stream)
        children = sum(1 for _ in reader)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"children": children, "codes": [p.code for p in reader.problems],
                      "seconds": seconds, "before_kib": before, "peak_kib": after}))
    """
)


def measure(path: Path) -> dict[str, object]:
    """Read the file at *path* through XmlReader in a fresh interpreter; what it took."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(
    ("name", "build", "code"),
    [
        ("billion laughs", billion_laughs, "xml_doctype"),
        ("external entity", lambda: external_entity("file:///etc/passwd"), "xml_doctype"),
        ("100k deep", deep, "xml_too_deep"),
    ],
)
def test_hostile_files_are_refused_quickly_in_bounded_memory(
    tmp_path: Path, name: str, build: object, code: str
) -> None:
    """Each hostile file gives its error in a fresh process; time and peak memory are
    printed for the record (not asserted: the machine varies)."""
    assert callable(build)
    path = tmp_path / "hostile.xml"
    path.write_bytes(build())
    result = measure(path)
    assert result["codes"] == [code]
    print(
        f"\n{name}: {result['seconds']:.4f} s, peak RSS {result['peak_kib']} KiB "
        f"(after import {result['before_kib']} KiB)"
    )


def activities(count: int) -> bytes:
    """An IATI-like activities file of *count* activities of about 500 bytes each."""
    one = (
        '<iati-activity default-currency="EUR"><iati-identifier>XM-1-{n}</iati-identifier>'
        '<reporting-org ref="XM-1" type="21"><narrative>Reporter</narrative></reporting-org>'
        '<title><narrative xml:lang="en">Activity {n}</narrative>'
        '<narrative xml:lang="fr">Activité {n}</narrative></title>'
        '<description type="1"><narrative>{text}</narrative></description>'
        '<activity-status code="2"/><activity-date iso-date="2024-01-01" type="2"/>'
        '<sector vocabulary="1" code="11220" percentage="100"/></iati-activity>\n'
    )
    text = "A description of what the activity does, long enough to be realistic. " * 2
    body = "".join(one.format(n=n, text=text) for n in range(count))
    return f'<iati-activities version="2.03">\n{body}</iati-activities>\n'.encode()


def test_many_activities_stream_with_flat_memory(tmp_path: Path) -> None:
    """Reading 4× the activities does not take 4× the memory: the growth of peak memory
    over the interpreter's own, for a file of N and of 4N activities (about 2 and 8 MB),
    grows far less than fourfold. Held whole, the tree of the larger file would."""
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_bytes(activities(4_000))
    large.write_bytes(activities(16_000))
    assert 1.8e6 < small.stat().st_size < 2.6e6
    measured = {}
    for path in (small, large):
        result = measure(path)
        assert result["codes"] == []
        before, peak = result["before_kib"], result["peak_kib"]
        assert isinstance(before, int)
        assert isinstance(peak, int)
        measured[path.name] = (peak - before, result["seconds"], path.stat().st_size)
    print(f"\nstreaming, growth of peak RSS (KiB), seconds, bytes: {measured}")
    growth_small, growth_large = measured["small.xml"][0], measured["large.xml"][0]
    # 2 MiB of slack absorbs the allocator's noise; a tree held whole grows by tens of MB.
    assert growth_large < 2 * growth_small + 2048
