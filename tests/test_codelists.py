"""Tests of the codelist data, ``ngomodel.codelists`` and the generated ``ngomodel._codes``."""

from __future__ import annotations

import csv
import doctest
import json
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry
import pytest

import ngomodel._codes
import ngomodel.codelists
from ngomodel import codelists
from ngomodel._constraints import InCodelist

DATA_DIR = Path(ngomodel.codelists.__file__).resolve().parent
# In CI the repository is cloned with ``shared/`` copied beside the clone.
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "iati-codelists"
IATI_SOURCE = "IATI Standard 2.03 codelist "
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LITERAL_LIMIT = 60


def _index() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(
        (DATA_DIR / "index.json").read_text(encoding="utf-8")
    )
    return entries


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _alias_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_")) + "Code"


#: Marks the source of an IATI list transcribed by the build script, not read from XML.
TRANSCRIBED = " (transcribed)"


def _iati_lists() -> list[tuple[str, str]]:
    """(name, IATI name) of every IATI list read from the reference XML."""
    return [
        (str(e["name"]), str(e["source"]).removeprefix(IATI_SOURCE))
        for e in _index()
        if str(e["source"]).startswith(IATI_SOURCE) and not str(e["source"]).endswith(TRANSCRIBED)
    ]


def test_transcribed_iati_lists_are_those_the_reference_lacks() -> None:
    """An IATI list is read from the reference XML whenever it has one; only others are typed in."""
    transcribed = [str(e["source"]) for e in _index() if str(e["source"]).endswith(TRANSCRIBED)]
    assert transcribed, "the build script transcribes TransactionType and the policy lists"
    for source in transcribed:
        iati_name = source.removeprefix(IATI_SOURCE).removesuffix(TRANSCRIBED)
        assert source.startswith(IATI_SOURCE)
        if REFERENCE.is_dir():
            assert not (REFERENCE / f"{iati_name}.xml").exists(), iati_name


def test_index_and_csv_files_match() -> None:
    """Every codelist in index.json has a CSV file, and every CSV file is in index.json."""
    indexed = {str(e["name"]) for e in _index()}
    files = {p.stem for p in DATA_DIR.glob("*.csv")}
    assert indexed == files
    assert len(indexed) == len(_index())


def test_index_entries_are_complete_and_sorted() -> None:
    """Every index.json entry has exactly the documented keys, and entries are sorted by name."""
    keys = {"name", "title", "description", "source", "version", "url", "closed"}
    for entry in _index():
        assert set(entry) == keys, entry
        assert isinstance(entry["closed"], bool)
        assert entry["title"]
        assert entry["description"]
        assert entry["version"]
        assert entry["url"] is None or str(entry["url"]).startswith("https://")
        assert (entry["url"] is None) == (entry["source"] == "ngomodel")
    names = [e["name"] for e in _index()]
    assert names == sorted(names)  # type: ignore[type-var]
    assert codelists.names() == tuple(names)


@pytest.mark.parametrize("name", codelists.names())
def test_csv_codes_are_unique_and_non_empty(name: str) -> None:
    """A codelist's CSV starts with code,name and has unique, non-empty codes and names."""
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[:2] == ["code", "name"]
    rows = _rows(name)
    codes = [row["code"] for row in rows]
    assert codes
    assert all(code.strip() == code and code for code in codes)
    assert all(row["name"].strip() for row in rows)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(("name", "iati_name"), _iati_lists())
def test_iati_lists_equal_reference_xml(name: str, iati_name: str) -> None:
    """An IATI-derived codelist has exactly the codes and English names of the reference XML."""
    if not REFERENCE.is_dir():
        pytest.skip(f"IATI reference codelists not found at {REFERENCE}")
    root = ET.parse(REFERENCE / f"{iati_name}.xml").getroot()
    expected: dict[str, str] = {}
    for item in root.findall("codelist-items/codelist-item"):
        english = [n for n in item.findall("name/narrative") if n.get(XML_LANG, "en") == "en"]
        expected[(item.findtext("code") or "").strip()] = " ".join((english[0].text or "").split())
    actual = {row["code"]: row["name"] for row in _rows(name)}
    assert actual == expected
    assert len(_rows(name)) == len(root.findall("codelist-items/codelist-item"))


def test_all_expected_iati_lists_present() -> None:
    """The IATI codelists named in the design are all shipped."""
    assert {name for name, _ in _iati_lists()} >= {
        "activity_status",
        "indicator_measure",
        "location_type",
        "organisation_role",
        "organisation_type",
        "region",
        "result_type",
        "sector",
        "sector_category",
        "sector_vocabulary",
    }


def test_country_equals_pycountry() -> None:
    """The country codelist holds exactly pycountry's current ISO 3166-1 alpha-2 codes."""
    expected = {c.alpha_2: c.name for c in pycountry.countries}
    assert {row["code"]: row["name"] for row in _rows("country")} == expected


def test_currency_equals_pycountry() -> None:
    """The currency codelist holds exactly pycountry's ISO 4217 alphabetic codes."""
    expected = {c.alpha_3: c.name for c in pycountry.currencies}
    assert {row["code"]: row["name"] for row in _rows("currency")} == expected


def test_codes_module_in_sync_with_csvs() -> None:
    """Each alias in _codes.py names its codelist and, for short lists, lists its codes in order."""
    expected_aliases = sorted(_alias_name(name) for name in codelists.names())
    assert sorted(ngomodel._codes.__all__) == ngomodel._codes.__all__
    assert ngomodel._codes.__all__ == expected_aliases
    for name in codelists.names():
        alias = getattr(ngomodel._codes, _alias_name(name))
        base, *metadata = typing.get_args(alias)
        assert metadata == [InCodelist(name)]
        codes = [row["code"] for row in _rows(name)]
        if len(codes) <= LITERAL_LIMIT:
            assert typing.get_origin(base) is typing.Literal, name
            assert list(typing.get_args(base)) == codes, name
        else:
            assert base is str, name


def test_get_unknown_name_raises_key_error() -> None:
    """get() of an unknown codelist name raises KeyError listing the known names."""
    with pytest.raises(KeyError, match="organisation_type"):
        codelists.get("no_such_list")


def test_contains_and_name_of() -> None:
    """Membership tests and name_of() work, and name_of() rejects unknown codes."""
    country = codelists.get("country")
    assert "CN" in country
    assert "cn" not in country
    assert 86 not in country
    assert ["CN"] not in country
    assert country.name_of("CN") == "China"
    assert codelists.get("organisation_type").name_of("22") == "National NGO"
    with pytest.raises(KeyError):
        country.name_of("XX")


def test_codelist_object() -> None:
    """A loaded Codelist carries its metadata, iterates in CSV order and is cached and hashable."""
    org_type = codelists.get("organisation_type")
    assert org_type is codelists.get("organisation_type")
    assert org_type.source == "IATI Standard 2.03 codelist OrganisationType"
    assert org_type.version == "2.03"
    assert org_type.closed is True
    assert [c.code for c in org_type] == [row["code"] for row in _rows("organisation_type")]
    assert len(org_type) == len(org_type.codes)
    assert hash(org_type) == hash(org_type)
    assert codelists.get("membership_role").url is None
    assert "founding_member" in codelists.get("membership_role")
    assert "65+" in codelists.get("age_band")


def test_sector_codes_and_categories() -> None:
    """DAC sectors include 14030 (category 140), and 3-digit categories include 140."""
    sector = codelists.get("sector")
    assert "14030" in sector
    assert "140" in codelists.get("sector_category")
    by_code = {c.code: c for c in sector}
    assert by_code["14030"].extra["category"] == "140"
    categories = {c.code for c in codelists.get("sector_category")}
    assert {c.extra["category"] for c in sector} <= categories


def test_withdrawn_codes_are_kept() -> None:
    """Codes the source marks as withdrawn stay in the list with status 'withdrawn'."""
    region = codelists.get("region")
    assert "380" in region
    statuses = {c.code: c.extra["status"] for c in region}
    assert statuses["380"] == "withdrawn"
    assert statuses["298"] == "active"


def test_docstring_examples() -> None:
    """The doctest examples in ngomodel.codelists run and give the documented results."""
    result = doctest.testmod(ngomodel.codelists, raise_on_error=False)
    assert result.attempted > 0
    assert result.failed == 0
