"""The streamed IATI import: one entity at a time, the same results as reading it whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ngomodel import Dataset
from ngomodel.iati import MAPPING, STREAM_DATASET_RULES, from_iati, iter_from_iati
from ngomodel.rules import RULES, check

pytest.importorskip("lxml.etree")

DATA = Path(__file__).parent / "data"
ONE = (DATA / "iati-activities-203.xml").read_text(encoding="utf-8")
_ACTIVITY = re.compile(r"<iati-activity[ >].*?</iati-activity>", re.DOTALL)


def _file(*activities: str) -> bytes:
    """The test file with its one activity replaced by *activities*."""
    return _ACTIVITY.sub(lambda _: "\n".join(activities), ONE, count=1).encode()


ACTIVITY = _ACTIVITY.search(ONE).group()  # type: ignore[union-attr]


def test_each_entity_is_given_alone_and_the_dataset_problems_at_the_end() -> None:
    """Each activity comes as its own Converted; the duplicate id of the last is found at the
    end, at its path in the dataset and its place in the XML."""
    second = ACTIVITY.replace('ref="takeo-1"', 'ref="takeo-2"')
    stream = iter_from_iati(_file(ACTIVITY, second))
    done = list(stream)
    assert [d.ok for d in done] == [True, True]
    assert [(p.code, p.path, p.where) for p in stream.problems] == [
        ("duplicate_id", "/programs/1/id", "/iati-activities/iati-activity[2]/iati-identifier[1]")
    ]
    assert stream.default_language == "en"
    assert stream.collection == "programs"


def test_the_streamed_checks_say_what_check_says_of_the_whole_dataset() -> None:
    """Duplicate ids (of programs and of their locations), references to locations and the
    rules of one entity: the stream reports exactly check()'s problems, in its order."""
    broken = ACTIVITY.replace('<location ref="takeo-1"/>', '<location ref="elsewhere"/>')
    stream = iter_from_iati(_file(ACTIVITY, broken, ACTIVITY))
    entities, ruled = [], []
    for done in stream:
        entities.append(done.unwrap())
        ruled.extend(done.problems)
    order = {rule.code: index for index, rule in enumerate(RULES)}
    found = sorted([*stream.problems, *ruled], key=lambda p: order.get(p.code, len(order)))
    whole = check(Dataset(schema_version="1.1", programs=tuple(entities)))
    assert {p.code for p in whole} >= {"duplicate_id", "unresolved_reference"}
    assert [(p.path, p.code, p.message) for p in found if p.code in order] == [
        (p.path, p.code, p.message) for p in whole
    ]
    assert all(p.where and p.line for p in found)
    located = from_iati(_file(ACTIVITY, broken, ACTIVITY))
    assert [(p.path, p.code, p.where) for p in located.errors] == [
        (p.path, p.code, p.where) for p in found if p.severity == "error"
    ]


#: What the rules of the whole dataset that the stream does not check read: memberships,
#: networks, persons, positions, posts, figures, agreements, parents, identifier schemes.
#: The dataset's collections that an IATI file fills, one entity at a time.
_COLLECTIONS = ("Dataset.programs", "Dataset.organizations")
_READ_BY_THE_OTHER_DATASET_RULES = (
    "Dataset.",
    "Membership.",
    "Network.",
    "Person.",
    "Position.",
    "Post.",
    "ReportedFigure.",
    "Agreement.",
    ".parent_id",
    ".identifiers",
    ".agreement_ids",
)


def test_the_stream_checks_every_rule_of_the_whole_dataset_an_import_can_break() -> None:
    """The rules of the whole dataset that the stream does not check read only fields the
    IATI import never fills (no mapping row read from IATI holds one)."""
    dataset_rules = {rule.code for rule in RULES if rule.scope == "dataset"}
    assert set(STREAM_DATASET_RULES) <= dataset_rules
    imported = [
        row.field
        for row in MAPPING
        if row.direction != "export"
        # The file's language, and the collections the entities go in: what the rules read
        # is in the entities' own fields, checked by the parts below.
        and row.field not in ("Dataset.default_language", *_COLLECTIONS)
    ]
    assert imported
    assert not [
        field for field in imported for part in _READ_BY_THE_OTHER_DATASET_RULES if part in field
    ]


def test_an_entity_that_does_not_load_is_given_with_its_errors() -> None:
    """An activity with a bad code gives a Converted without value, its error located; the
    next is read all the same."""
    bad = ACTIVITY.replace('<activity-status code="2"/>', '<activity-status code="99"/>')
    assert bad != ACTIVITY
    second = ACTIVITY.replace("PROJECT/00012", "PROJECT/00013")
    done = list(iter_from_iati(_file(bad, second)))
    assert done[0].value is None
    assert done[0].errors[0].path.startswith("/programs/0/")
    assert done[0].errors[0].where.startswith("/iati-activities/iati-activity[1]/")
    assert done[1].ok


def test_a_stream_is_read_once() -> None:
    """Iterating twice would give nothing the second time: it is refused instead."""
    stream = iter_from_iati(_file(ACTIVITY))
    list(stream)
    with pytest.raises(RuntimeError, match="once"):
        list(stream)


_PEAK = """
import resource, sys
from ngomodel.iati import iter_from_iati
activity = (
    '<iati-activity><iati-identifier>XM-1-{n}</iati-identifier>'
    '<title><narrative xml:lang="en">Activity {n}</narrative></title>'
    '<description><narrative>' + 'What the activity does. ' * 8 + '</narrative></description>'
    '<activity-status code="2"/><conditions attached="0"/></iati-activity>'
)


def parts(count):
    yield b'<iati-activities version="2.03">'
    for n in range(count):
        yield activity.format(n=n).encode()
    yield b"</iati-activities>"


class Activities:  # made as it is read: the source takes no memory
    def __init__(self, count):
        self.parts = parts(count)

    def read(self, size=-1):
        return next(self.parts, b"")


source = Activities(int(sys.argv[1]))
stream = iter_from_iati(source)
loaded = sum(done.ok for done in stream)
assert loaded == int(sys.argv[1]), loaded
assert [p.code for p in stream.problems] == ["not_imported"], stream.problems
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(count: int) -> int:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(count)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_memory_does_not_grow_with_the_number_of_activities() -> None:
    """The peak memory of reading 4N activities through the stream is far from 4 times that
    of reading N: only ids and the warnings' first places are kept (a ratio, not a time)."""
    small, large = _peak_kib(10_000), _peak_kib(40_000)
    assert large < 1.5 * small, (small, large)
