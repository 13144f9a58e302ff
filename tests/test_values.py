"""Value types: partial dates and localized text."""

from __future__ import annotations

import datetime
import pickle

import pytest

from ngomodel import LocalizedText, PartialDate, ValidationError


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2018", datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)),
        ("2016-02", datetime.date(2016, 2, 1), datetime.date(2016, 2, 29)),
        ("2019-12", datetime.date(2019, 12, 1), datetime.date(2019, 12, 31)),
        ("2000-02-29", datetime.date(2000, 2, 29), datetime.date(2000, 2, 29)),
    ],
)
def test_partial_date_bounds(text: str, earliest: datetime.date, latest: datetime.date) -> None:
    """A partial date spans from its earliest to its latest day, and prints as parsed."""
    date = PartialDate.parse(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert str(date) == text


@pytest.mark.parametrize(
    "text",
    ["1900-02-29", "2019-04-31", "2019-13", "0000", "19", "2019-4", "2019/04", "2019-04-30T00"],
)
def test_partial_date_rejects(text: str) -> None:
    """Impossible or malformed dates are rejected."""
    with pytest.raises(ValidationError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 2019, "day": 3},
        {"year": 2019, "month": 2, "day": 30},
        {"year": 0},
        {"year": "2019"},
        {"year": -1},
        {"year": 10_000},
        {"year": 10**5000},
    ],
    ids=["day-no-month", "feb-30", "year-0", "text", "negative", "5-digits", "5001-digits"],
)
def test_partial_date_constructor_rejects(kwargs: dict[str, object]) -> None:
    """The constructor refuses a day without a month, impossible days and years, non-integers."""
    with pytest.raises(ValidationError):
        PartialDate(**kwargs)  # type: ignore[arg-type]


def test_localized_text_is_an_immutable_mapping() -> None:
    """LocalizedText behaves as a read-only, hashable mapping that equals plain dicts."""
    text = LocalizedText({"en": "Spring of Happiness", "zh": "幸福泉"})
    assert text == {"zh": "幸福泉", "en": "Spring of Happiness"}
    assert hash(text) == hash(LocalizedText({"zh": "幸福泉", "en": "Spring of Happiness"}))
    assert list(text) == ["en", "zh"]
    assert text.text("zh") == "幸福泉"
    assert text.text("fr") == "Spring of Happiness"
    with pytest.raises(AttributeError):
        text._texts = {}  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(text)) == text


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        ({}, "too_few_items"),
        ({"en": ""}, "empty_text"),
        ({"en_US": "x"}, "invalid_language_tag"),
        ({"en": 5}, "wrong_type"),
        ({5: "x"}, "wrong_type"),
        ({10**5000: "x"}, "wrong_type"),
        (["en", "x"], "wrong_type"),
    ],
    ids=["empty", "empty-text", "bad-tag", "number-text", "number-tag", "huge-tag", "list"],
)
def test_localized_text_rejects(texts: object, code: str) -> None:
    """Bad localized text is refused with the right code, in a message of a few words."""
    with pytest.raises(ValidationError) as caught:
        LocalizedText(texts)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.errors] == [code]
    assert all(len(p.message) < 150 for p in caught.value.errors)


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "zh-Hans-CN",
        "zh-Latn-pinyin",
        "sr-Latn-RS",
        "x-private",
        "es-419",
        "de-CH-1996",
        "en-a-bbb-x-a-ccc",
    ],
)
def test_language_tags_accepted(tag: str) -> None:
    """Well-formed BCP 47 tags are accepted."""
    assert LocalizedText({tag: "x"})[tag] == "x"


def test_validation_error_pickles() -> None:
    """A ValidationError survives pickling (for process pools) with its problems."""
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse("2019-02-30")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.errors == caught.value.errors
    assert str(copy) == str(caught.value)
