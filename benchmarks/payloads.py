"""Deterministic payloads for the benchmarks: valid documents and invalid variants.

* :func:`program` and :func:`organization`: one representative entity each (the
  program is shaped like the reference dataset's Xingfu Quan, with participants,
  locations, sectors, beneficiaries, results with indicators, and a budget);
* :func:`dataset`: a document of a few thousand entities built from a seeded
  :class:`random.Random`, whose references all resolve and which passes ngomodel's
  semantic rules (see ``tests/test_benchmarks.py``);
* :func:`cases`: the valid payloads and the invalid variants (wrong type, unknown
  key, missing required key, unknown code, broken pattern, out-of-range number,
  impossible date, null for an optional key, broken class rule, too few items) on
  which every library must give ngomodel's verdict before anything is timed.

Every payload is plain JSON data (dicts, lists, strings, numbers, booleans); the
same seed always gives the same payloads.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ngomodel import codelists

__all__ = [
    "COUNTS",
    "SEED",
    "SMALL",
    "Case",
    "cases",
    "dataset",
    "entity_count",
    "invalid_cases",
    "organization",
    "program",
    "valid_cases",
]

#: The seed of every random choice.
SEED = 20190430

#: The scale of the small dataset that the invalid dataset variants change.
SMALL = 0.005

#: Entities per collection of the full benchmark dataset (scale 1).
COUNTS: dict[str, int] = {
    "organizations": 500,
    "networks": 50,
    "memberships": 1000,
    "persons": 200,
    "positions": 200,
    "agreements": 300,
    "programs": 1500,
    "figures": 200,
}

JSON = dict[str, Any]

_SOURCE: JSON = {
    "title": "NGOs foster goodwill, emotional ties along Belt, Road",
    "publisher": "China Daily",
    "author": "Li Lei",
    "date": "2019-04-30",
    "url": "https://www.chinadaily.com.cn/a/201904/30/WS5cc7a8c5a3104842260b97b2.html",
    "language": "en",
}


def program() -> JSON:
    """Return the representative program: Xingfu Quan, drilling deep wells in Cambodia."""
    return {
        "id": "program-xingfu-quan",
        "title": {"zh": "幸福泉", "zh-Latn-pinyin": "Xingfu Quan", "en": "Spring of Happiness"},
        "description": {"en": "Drilling deep wells in the arid regions of Cambodia."},
        "status": "2",
        "planned_start": "2018",
        "actual_start": "2018-03-15",
        "planned_end": "2021-12",
        "participants": [
            {"organization_id": "org-cfpd", "role": "1", "organization_type": "60"},
            {"organization_id": "org-cambodia-red-cross", "role": "4", "country": "KH"},
            {"name": {"en": "Local water committees"}, "role": "4", "country": "KH"},
        ],
        "recipient_countries": [{"country": "KH", "percentage": 80}],
        "recipient_regions": [{"code": "798", "percentage": 20}],
        "locations": [
            {
                "id": "location-cambodia-arid-regions",
                "name": {"en": "Arid regions of Cambodia", "km": "តំបន់ស្ងួតនៃកម្ពុជា"},
                "country": "KH",
                "admin_areas": ["Kampong Speu"],
                "point": {"latitude": 11.45, "longitude": 104.52},
                "feature_type": "WLL",
                "exactness": "2",
            },
            {
                "id": "location-siem-reap",
                "name": {"en": "Siem Reap province"},
                "country": "KH",
                "feature_type": "ADM1",
            },
        ],
        "sectors": [
            {"code": "14031", "percentage": 70},
            {"code": "14030", "percentage": 30},
            {"vocabulary": "2", "code": "140"},
        ],
        "beneficiary_groups": [
            {
                "label": {"en": "Villagers without safe drinking water"},
                "categories": ["rural_communities", "children"],
                "planned_count": 60000,
                "reached_count": 41250,
                "location_ids": ["location-cambodia-arid-regions", "location-siem-reap"],
            }
        ],
        "results": [
            {
                "type": "1",
                "title": {"en": "Deep wells drilled in Cambodia's arid regions"},
                "indicators": [
                    {
                        "title": {"en": "Deep wells drilled"},
                        "measure": "1",
                        "unit": "wells",
                        "ascending": True,
                        "baseline": {"value": 0},
                        "baseline_date": "2018",
                        "periods": [
                            {
                                "period": {"start": "2018", "end": "2019"},
                                "target": {
                                    "value": 100,
                                    "location_ids": ["location-cambodia-arid-regions"],
                                },
                                "actual": {"value": 112, "qualifier": "approximately"},
                            },
                            {
                                "period": {"start": "2020", "end": "2021"},
                                "target": {"value": 200},
                            },
                        ],
                    }
                ],
            },
            {
                "type": "2",
                "title": {"en": "Safe drinking water for villagers"},
                "indicators": [
                    {
                        "title": {"en": "Share of households with safe water"},
                        "measure": "2",
                        "unit": "percent",
                        "periods": [
                            {
                                "target": {
                                    "value": 75.5,
                                    "disaggregations": [
                                        {"sex": "female", "value": 78},
                                        {"sex": "male", "value": 73.0},
                                    ],
                                },
                                "actual": {"comment": {"en": "Survey due in 2021."}},
                            }
                        ],
                    }
                ],
            },
        ],
        "budgets": [
            {
                "value": {"amount": "125000.00", "currency": "USD"},
                "type": "1",
                "status": "2",
                "period": {"start": "2018-01", "end": "2021-12"},
            }
        ],
        "agreement_ids": ["agreement-xingfu-quan"],
        "sources": [dict(_SOURCE)],
    }


def organization() -> JSON:
    """Return the representative organization: a foundation with names, ids and contacts."""
    return {
        "id": "org-cfpd",
        "name": {"en": "China Foundation for Peace and Development", "zh": "中国和平发展基金会"},
        "other_names": [{"name": "CFPD", "type": "abbreviation", "language": "en"}],
        "organization_type": "60",
        "country": "CN",
        "founding_date": "2007",
        "identifiers": [{"scheme": "CN-USCI", "identifier": "53100000500021676K"}],
        "sectors": [{"code": "15150", "percentage": 60}, {"code": "14030", "percentage": 40}],
        "description": {"en": "A national foundation for people-to-people exchange."},
        "contact_details": [
            {"type": "email", "value": "info@example.org", "label": "General enquiries"},
            {"type": "phone", "value": "+86 10 0000 0000"},
        ],
        "links": [{"url": "https://www.example.org/cfpd", "type": "website", "title": "Home"}],
        "sources": [dict(_SOURCE)],
    }


# -- the generated dataset ------------------------------------------------------------

_WORDS = (
    "water",
    "health",
    "education",
    "rural",
    "women",
    "youth",
    "clinic",
    "school",
    "well",
    "training",
    "relief",
    "disaster",
    "nutrition",
    "forest",
    "river",
    "village",
    "farmers",
    "skills",
    "culture",
    "exchange",
    "hospital",
    "vision",
    "children",
    "elderly",
    "safety",
    "bridge",
    "road",
    "light",
    "solar",
    "seeds",
    "market",
)
_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴")
_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军")
_PINYIN = {
    "王": "Wang",
    "李": "Li",
    "张": "Zhang",
    "刘": "Liu",
    "陈": "Chen",
    "杨": "Yang",
    "赵": "Zhao",
    "黄": "Huang",
    "周": "Zhou",
    "吴": "Wu",
    "伟": "Wei",
    "芳": "Fang",
    "娜": "Na",
    "敏": "Min",
    "静": "Jing",
    "磊": "Lei",
    "洋": "Yang",
    "艳": "Yan",
    "勇": "Yong",
    "军": "Jun",
}
_COUNTRIES = ("CN", "KH", "LA", "MM", "NP", "PK", "LK", "KE", "ET", "TZ", "UG", "MN", "VN", "TH")
_CURRENCIES = ("USD", "CNY", "EUR")


def _codes(name: str) -> tuple[str, ...]:
    """The current codes of a codelist: the data uses no withdrawn one (rule withdrawn_code)."""
    return tuple(code.code for code in codelists.get(name) if not code.withdrawn)


class _Builder:
    """Makes the entities of one dataset from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sectors = _codes("sector")
        self.categories = _codes("sector_category")
        self.location_types = _codes("location_type")

    def words(self, low: int, high: int) -> str:
        text = " ".join(self.rng.choices(_WORDS, k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def text(self, low: int = 2, high: int = 6) -> JSON:
        out = {"en": self.words(low, high)}
        if self.rng.random() < 0.4:
            out["zh"] = "".join(self.rng.choices("水健康教育农村妇女青年诊所学校井培训", k=6))
        return out

    def date(self, first: int, last: int) -> str:
        year = self.rng.randint(first, last)
        precision = self.rng.random()
        if precision < 0.4:
            return f"{year:04d}"
        month = self.rng.randint(1, 12)
        if precision < 0.7:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{self.rng.randint(1, 28):02d}"

    def sources(self) -> list[JSON]:
        source: JSON = {"title": self.words(4, 9), "publisher": "China Daily"}
        if self.rng.random() < 0.7:
            source["date"] = self.date(2015, 2023)
        if self.rng.random() < 0.5:
            source["url"] = f"https://news.example.org/{self.rng.randrange(10**6)}"
        return [source]

    def classification(self, count: int) -> list[JSON]:
        codes = self.rng.sample(self.sectors, count)
        if count == 1:
            return [{"code": codes[0]}]
        first = self.rng.randint(10, 90)
        out = [{"code": codes[0], "percentage": first}, {"code": codes[1]}]
        out[1]["percentage"] = 100 - first
        return out

    def organization(self, index: int, *, network: bool) -> JSON:
        kind = "network" if network else "org"
        out: JSON = {
            "id": f"{kind}-{index}",
            "name": self.text(3, 7),
            "organization_type": self.rng.choice(("21", "22", "23", "24", "60")),
            "country": self.rng.choice(_COUNTRIES),
        }
        if self.rng.random() < 0.5:
            out["other_names"] = [{"name": self.words(1, 2).upper(), "type": "abbreviation"}]
        out["founding_date"] = self.date(1980, 2005) if network else self.date(1950, 2020)
        if self.rng.random() < 0.3:
            out["identifiers"] = [{"scheme": "CN-USCI", "identifier": f"53{index:016d}"}]
        if self.rng.random() < 0.6:
            out["sectors"] = self.classification(self.rng.randint(1, 2))
        if self.rng.random() < 0.5:
            out["description"] = self.text(6, 14)
        if self.rng.random() < 0.4:
            out["contact_details"] = [{"type": "email", "value": f"{kind}{index}@example.org"}]
        if self.rng.random() < 0.4:
            out["links"] = [{"url": f"https://example.org/{kind}/{index}", "type": "website"}]
        out["sources"] = self.sources()
        if network:
            out["scope"] = {
                "countries": self.rng.sample(_COUNTRIES, 3),
                "regions": [{"vocabulary": "2", "code": "142"}],
            }
            out["focus"] = [{"vocabulary": "2", "code": self.rng.choice(self.categories)}]
            out["purpose"] = self.text(5, 10)
        return out

    def indicator(self, locations: list[str]) -> JSON:
        measure = self.rng.choice(("1", "1", "2", "4", "5"))
        out: JSON = {"title": self.text(2, 5), "measure": measure}
        if measure == "5":  # qualitative: values in words, never numbers
            out["periods"] = [{"actual": {"comment": self.text(4, 8)}}]
            return out
        top = 100 if measure == "2" else 5000

        def value() -> JSON:
            number: Any = self.rng.randint(0, top)
            if measure == "2" and self.rng.random() < 0.5:
                number = round(self.rng.uniform(0, 100), 1)
            item: JSON = {"value": number}
            if self.rng.random() < 0.3:
                item["location_ids"] = [self.rng.choice(locations)]
            if self.rng.random() < 0.2:
                item["disaggregations"] = [
                    {"sex": "female", "value": self.rng.randint(0, top)},
                    {"age_band": "0-4", "value": self.rng.randint(0, top)},
                ]
            return item

        if measure == "1":
            out["unit"] = self.rng.choice(("wells", "schools", "people", "surgeries"))
        periods = []
        for year in self.rng.sample(range(2015, 2024), self.rng.randint(1, 2)):
            period: JSON = {"period": {"start": str(year), "end": str(year + 1)}}
            period["target"] = value()
            if self.rng.random() < 0.6:
                period["actual"] = value()
            periods.append(period)
        out["periods"] = periods
        return out

    def program(self, index: int, partners: list[str], agreements: list[str]) -> JSON:
        pid = f"program-{index}"
        start = self.rng.randint(2005, 2020)
        out: JSON = {"id": pid}
        if self.rng.random() < 0.9:
            out["title"] = self.text(2, 5)
        if "title" not in out or self.rng.random() < 0.6:  # typed: description is deprecated
            out["descriptions"] = [{"type": "1", "text": self.text(8, 16)}]
        out["status"] = self.rng.choice(("1", "2", "3", "4"))
        out["planned_start"] = str(start)
        out["planned_end"] = f"{start + self.rng.randint(1, 5)}-12"
        participants: list[JSON] = [
            {"organization_id": org, "role": self.rng.choice(("1", "2", "3", "4"))}
            for org in self.rng.sample(partners, self.rng.randint(1, 3))
        ]
        if self.rng.random() < 0.2:
            participants.append({"description": self.text(3, 6), "role": "4"})
        out["participants"] = participants
        country = self.rng.choice(_COUNTRIES)
        out["recipient_countries"] = [{"country": country}]
        locations = []
        for k in range(self.rng.randint(1, 3)):
            location: JSON = {"id": f"{pid}-location-{k}", "name": self.text(1, 3)}
            location["country"] = country
            if self.rng.random() < 0.5:
                location["point"] = {
                    "latitude": round(self.rng.uniform(-60, 60), 4),
                    "longitude": round(self.rng.uniform(-170, 170), 4),
                }
            if self.rng.random() < 0.5:
                location["feature_type"] = self.rng.choice(self.location_types)
            locations.append(location)
        out["locations"] = locations
        location_ids = [loc["id"] for loc in locations]
        out["sectors"] = self.classification(self.rng.randint(1, 2))
        if self.rng.random() < 0.6:
            group: JSON = {
                "label": self.text(2, 5),
                "categories": [self.rng.choice(("children", "women", "farmers", "patients"))],
                "planned_count": self.rng.randint(10, 100_000),
            }
            if self.rng.random() < 0.5:
                group["age_min"], group["age_max"] = 0, self.rng.randint(5, 18)
            group["location_ids"] = [location_ids[0]]
            out["beneficiary_groups"] = [group]
        out["results"] = [
            {
                "type": self.rng.choice(("1", "2", "3")),
                "title": self.text(3, 7),
                "indicators": [self.indicator(location_ids) for _ in range(self.rng.randint(1, 2))],
            }
            for _ in range(self.rng.randint(1, 2))
        ]
        amount = f"{self.rng.randint(1_000, 5_000_000)}.{self.rng.randint(0, 99):02d}"
        out["budgets"] = [{"value": {"amount": amount, "currency": self.rng.choice(_CURRENCIES)}}]
        if agreements:
            out["agreement_ids"] = [self.rng.choice(agreements)]
        out["sources"] = self.sources()
        return out


def _scaled(scale: float) -> dict[str, int]:
    counts = {name: max(1, round(count * scale)) for name, count in COUNTS.items()}
    counts["organizations"] = max(3, counts["organizations"])  # agreements need 2 parties
    return counts


def dataset(scale: float = 1.0, seed: int = SEED, counts: dict[str, int] | None = None) -> JSON:
    """Return a dataset whose references all resolve.

    Args:
        scale: Multiplies every collection size of :data:`COUNTS`.
        seed: The random seed.
        counts: Sizes that replace the scaled ones, by collection (for example
            ``{"memberships": 50_000}``).

    Returns:
        The dataset as plain JSON data.
    """
    counts = {**_scaled(scale), **(counts or {})}
    b = _Builder(seed)
    rng = b.rng
    organizations = [b.organization(i, network=False) for i in range(counts["organizations"])]
    networks = [b.organization(i, network=True) for i in range(counts["networks"])]
    org_ids = [o["id"] for o in organizations]
    any_org_ids = org_ids + [n["id"] for n in networks]
    memberships = []
    members: dict[str, int] = {}
    held: set[tuple[str, str]] = set()  # each membership once (rule duplicate_membership)
    for i in range(counts["memberships"]):
        network = rng.choice(networks)
        member = rng.choice(org_ids)
        for _ in range(100):  # a pair not drawn before, while there are any to find
            if (member, network["id"]) not in held:
                break
            network, member = rng.choice(networks), rng.choice(org_ids)
        else:
            continue  # a small dataset has run out of pairs: one membership fewer
        held.add((member, network["id"]))
        membership: JSON = {
            "id": f"membership-{i}",
            "member_id": member,
            "network_id": network["id"],
        }
        if rng.random() < 0.3:
            membership["role"] = rng.choice(("founding_member", "council_member", "observer"))
        if rng.random() < 0.6:
            membership["start_date"] = b.date(2006, 2020)
        members[network["id"]] = members.get(network["id"], 0) + 1
        memberships.append(membership)
    persons = []
    for i in range(counts["persons"]):
        surname, given = rng.choice(_SURNAMES), rng.choice(_GIVEN)
        persons.append(
            {
                "id": f"person-{i}",
                "name": {
                    "zh": surname + given,
                    "zh-Latn-pinyin": f"{_PINYIN[surname]} " + _PINYIN[given],
                },
                "sources": b.sources(),
            }
        )
    positions = []
    founded = {o["id"]: int(o.get("founding_date", "1900")[:4]) for o in organizations + networks}
    for i in range(counts["positions"]):
        organization_id = rng.choice(any_org_ids)
        position: JSON = {
            "id": f"position-{i}",
            "person_id": persons[i % len(persons)]["id"],
            "organization_id": organization_id,
            "title": {"en": rng.choice(("Secretary-General", "Director", "Chair"))},
            "role": rng.choice(("secretary_general", "director", "chair")),
        }
        if rng.random() < 0.5:
            # After the founding year, so within the organization's life.
            position["start_date"] = b.date(max(2000, founded[organization_id] + 1), 2021)
            position["end_date"] = b.date(2022, 2023)
        positions.append(position)
    agreement_ids = [f"agreement-{i}" for i in range(counts["agreements"])]
    programs = [b.program(i, any_org_ids, agreement_ids) for i in range(counts["programs"])]
    naming: dict[str, list[str]] = {}  # agreement id → the programs that name it
    for program in programs:
        for named in program.get("agreement_ids", ()):
            naming.setdefault(named, []).append(program["id"])
    agreements = []
    for agreement_id in agreement_ids:
        parties: list[JSON] = [
            {"organization_id": org, "role": "signatory"} for org in rng.sample(any_org_ids, 2)
        ]
        if rng.random() < 0.2:
            parties.append({"name": b.text(2, 4), "country": rng.choice(_COUNTRIES)})
        agreement: JSON = {
            "id": agreement_id,
            "parties": parties,
            "title": b.text(3, 8),
            "agreement_type": rng.choice(("cooperation_agreement", "memorandum_of_understanding")),
            "date_signed": b.date(2010, 2015),
        }
        if rng.random() < 0.5:
            agreement["period"] = {"start": "2016", "end": str(rng.randint(2017, 2025))}
        # The programs that name the agreement, so that both sides name each other.
        agreement["program_ids"] = naming.get(agreement_id, [])
        if rng.random() < 0.3:
            agreement["network_id"] = rng.choice(networks)["id"]
        agreement["sources"] = b.sources()
        agreements.append(agreement)
    figures = []
    for i in range(counts["figures"]):
        network = networks[i % len(networks)]
        figure: JSON = {"id": f"figure-{i}", "subject_id": network["id"]}
        if i < len(networks):
            figure["metric"] = "member_count"
            figure["value"] = members.get(network["id"], 0) + rng.randint(0, 50)
        else:
            figure["metric"] = rng.choice(("agreement_count", "program_count", "partner_count"))
            figure["value"] = rng.randint(1, 500)
            figure["qualifier"] = rng.choice(("exact", "approximately", "more_than"))
        if rng.random() < 0.2:
            side = rng.choice(("located_in", "located_outside"))
            figure["share"] = {"fraction": 0.5, "qualifier": "more_than", side: "CN"}
        figure["as_of"] = b.date(2015, 2019)
        figure["sources"] = b.sources()
        figures.append(figure)
    return {
        "schema_version": "1.1",
        "title": {"en": "Generated benchmark dataset"},
        "publisher": "ngomodel benchmarks",
        "created": "2026-11",
        "default_language": "en",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "organizations": organizations,
        "networks": networks,
        "memberships": memberships,
        "persons": persons,
        "positions": positions,
        "agreements": agreements,
        "programs": programs,
        "figures": figures,
    }


def entity_count(payload: JSON) -> int:
    """Return how many entities (things with an id) a dataset payload holds."""
    return sum(len(payload.get(name, ())) for name in COUNTS)


# -- the cases of the agreement pre-check -----------------------------------------------


@dataclass(frozen=True)
class Case:
    """A payload and the verdict every library must give on it.

    Attributes:
        name: What the case is, e.g. ``"program: unknown code status '99'"``.
        category: What kind of rule it exercises (``valid``, ``wrong type``, ...).
        schema: ``"program"``, ``"organization"`` or ``"dataset"``.
        payload: The JSON data.
        valid: Whether ngomodel accepts it.
    """

    name: str
    category: str
    schema: str
    payload: Any
    valid: bool


def _walk(payload: Any, path: str) -> tuple[Any, str | int]:
    """Follow a ``/``-separated path (list indices as digits); return (parent, last key)."""
    *parents, last = (int(part) if part.isdigit() else part for part in path.split("/"))
    for key in parents:
        payload = payload[key]
    return payload, last


def _set(path: str, value: Any) -> Callable[[Any], None]:
    def apply(payload: Any) -> None:
        parent, key = _walk(payload, path)
        parent[key] = value

    return apply


def _delete(path: str) -> Callable[[Any], None]:
    def apply(payload: Any) -> None:
        parent, key = _walk(payload, path)
        del parent[key]

    return apply


def _keep(*names: str) -> Callable[[Any], None]:
    def apply(payload: Any) -> None:
        for key in [key for key in payload if key not in names]:
            del payload[key]

    return apply


def _variant(base: Any, *changes: Callable[[Any], None]) -> Any:
    payload = copy.deepcopy(base)
    for change in changes:
        change(payload)
    return payload


_IND = "results/0/indicators/0"
_GROUP = "beneficiary_groups/0"

#: (schema, description, changes...) of every valid edge case.
_VALID_EDGES: tuple[tuple[Any, ...], ...] = (
    ("program", "whole float for an integer", _set(f"{_GROUP}/planned_count", 60000.0)),
    ("program", "integer for a number", _set("locations/0/point/latitude", 11)),
    ("program", "text with leading space", _set("title/en", "  Spring of Happiness")),
    ("program", "description only, no title", _delete("title")),
    (
        "program",
        "sector vocabulary 99, any id",
        _set("sectors/2", {"vocabulary": "99", "code": "x-1"}),
    ),
    (
        "program",
        "region vocabulary 2 (UN M49)",
        _set("recipient_regions/0/vocabulary", "2"),
        _set("recipient_regions/0/code", "142"),
    ),
    ("program", "leap day", _set("actual_start", "2020-02-29")),
    ("program", "amount 0", _set("budgets/0/value/amount", "0")),
    ("organization", "minimal organization", _keep("id", "name")),
    ("organization", "private-use language tag", _set("name/x-pinyin", "Zhongguo")),
)

#: (schema, category, description, changes...) of every invalid variant.
_INVALID: tuple[tuple[Any, ...], ...] = (
    ("program", "wrong type", "status is a number", _set("status", 2)),
    ("program", "wrong type", "title is a string", _set("title", "Spring of Happiness")),
    (
        "program",
        "wrong type",
        "percentage is a string",
        _set("recipient_countries/0/percentage", "80"),
    ),
    ("program", "wrong type", "boolean for an integer", _set(f"{_GROUP}/planned_count", True)),
    ("program", "wrong type", "boolean for a number", _set("locations/0/point/latitude", True)),
    ("program", "wrong type", "string for a boolean", _set(f"{_IND}/ascending", "yes")),
    ("program", "wrong type", "object for an array", _set("results", {})),
    ("program", "wrong type", "number for an amount", _set("budgets/0/value/amount", 125000)),
    ("program", "wrong type", "fractional integer", _set(f"{_GROUP}/reached_count", 41250.5)),
    ("program", "unknown key", "at the top", _set("name", "Xingfu Quan")),
    ("program", "unknown key", "in an indicator", _set(f"{_IND}/weight", 1)),
    ("program", "missing key", "id", _delete("id")),
    ("program", "missing key", "indicator measure", _delete(f"{_IND}/measure")),
    ("program", "missing key", "budget currency", _delete("budgets/0/value/currency")),
    ("program", "unknown code", "status '99'", _set("status", "99")),
    ("program", "unknown code", "country 'XX'", _set("recipient_countries/0/country", "XX")),
    ("program", "unknown code", "currency 'ABC'", _set("budgets/0/value/currency", "ABC")),
    ("program", "unknown code", "location type 'ZZZ'", _set("locations/0/feature_type", "ZZZ")),
    ("program", "unknown code", "DAC 5-digit sector '99999'", _set("sectors/0/code", "99999")),
    ("program", "unknown code", "5-digit code under vocabulary 2", _set("sectors/2/code", "14031")),
    (
        "program",
        "unknown code",
        "OECD region code under UN M49",
        _set("recipient_regions/0/vocabulary", "2"),
    ),
    ("program", "broken pattern", "id with a space", _set("id", "program xingfu")),
    ("program", "broken pattern", "id with a slash", _set("locations/0/id", "a/b")),
    ("program", "broken pattern", "bad language tag", _set("title/english!", "Spring")),
    ("program", "broken pattern", "blank text", _set("description/en", " \t ")),
    ("program", "broken pattern", "id with a final newline", _set("id", "program-1\n")),
    (
        "program",
        "broken pattern",
        "amount with a comma",
        _set("budgets/0/value/amount", "1,000.00"),
    ),
    ("program", "broken pattern", "negative amount", _set("budgets/0/value/amount", "-5")),
    ("program", "broken pattern", "amount in exponent form", _set("budgets/0/value/amount", "1e5")),
    ("program", "broken pattern", "ftp url", _set("sources/0/url", "ftp://example.org/x")),
    ("program", "out of range", "percentage 150", _set("recipient_countries/0/percentage", 150)),
    ("program", "out of range", "negative percentage", _set("sectors/0/percentage", -0.5)),
    ("program", "out of range", "latitude 91", _set("locations/0/point/latitude", 91)),
    ("program", "out of range", "longitude -180.5", _set("locations/0/point/longitude", -180.5)),
    ("program", "out of range", "negative count", _set(f"{_GROUP}/age_min", -1)),
    ("program", "impossible date", "2019-02-29", _set("planned_start", "2019-02-29")),
    ("program", "impossible date", "month 13", _set("planned_end", "2019-13")),
    ("program", "impossible date", "April 31", _set("sources/0/date", "2019-04-31")),
    ("program", "impossible date", "year 0000", _set("actual_start", "0000")),
    ("program", "null for optional", "description", _set("description", None)),
    ("program", "null for optional", "location point", _set("locations/0/point", None)),
    ("program", "null for optional", "indicator unit", _set(f"{_IND}/unit", None)),
    (
        "program",
        "class rule",
        "neither title nor description",
        _delete("title"),
        _delete("description"),
    ),
    (
        "program",
        "class rule",
        "participant without id, name or description",
        _set("participants/0", {"role": "4"}),
    ),
    (
        "program",
        "class rule",
        "indicator period without target or actual",
        _set(f"{_IND}/periods/1", {"period": {"start": "2020"}}),
    ),
    (
        "program",
        "class rule",
        "indicator value without value or comment",
        _set(f"{_IND}/periods/1/target", {"qualifier": "exact"}),
    ),
    ("program", "class rule", "period without start or end", _set("budgets/0/period", {})),
    (
        "program",
        "class rule",
        "disaggregation without a slice",
        _set("results/1/indicators/0/periods/0/target/disaggregations/0", {"value": 1}),
    ),
    ("program", "too few items", "result without indicators", _set("results/0/indicators", [])),
    ("program", "too few items", "empty localized text", _set("title", {})),
    ("organization", "wrong type", "name is a list", _set("name", ["China Foundation"])),
    ("organization", "unknown key", "in a sector", _set("sectors/0/share", 60)),
    ("organization", "missing key", "name", _delete("name")),
    ("organization", "missing key", "contact type", _delete("contact_details/0/type")),
    ("organization", "unknown code", "organization type '99'", _set("organization_type", "99")),
    (
        "organization",
        "unknown code",
        "other name type 'nickname'",
        _set("other_names/0/type", "nickname"),
    ),
    (
        "organization",
        "broken pattern",
        "url without scheme",
        _set("links/0/url", "www.example.org"),
    ),
    (
        "organization",
        "broken pattern",
        "identifier scheme with a space",
        _set("identifiers/0/scheme", "CN USCI"),
    ),
    ("organization", "impossible date", "month 00", _set("founding_date", "2007-00")),
    ("organization", "null for optional", "country", _set("country", None)),
)

#: Changes to a small dataset, each making it invalid.
_INVALID_DATASET: tuple[tuple[Any, ...], ...] = (
    ("wrong type", "schema version is a number", _set("schema_version", 1.0)),
    ("unknown code", "schema version '2.0'", _set("schema_version", "2.0")),
    ("missing key", "schema version", _delete("schema_version")),
    ("unknown key", "at the top", _set("version", "1.0")),
    (
        "too few items",
        "agreement with one party",
        _set("agreements/0/parties", [{"organization_id": "org-0"}]),
    ),
    (
        "class rule",
        "party without id, name or description",
        _set("agreements/0/parties/0", {"role": "lead"}),
    ),
    (
        "class rule",
        "share both in and outside a country",
        _set("figures/0/share", {"fraction": 0.5, "located_in": "CN", "located_outside": "KH"}),
    ),
    (
        "class rule",
        "share neither in nor outside a country",
        _set("figures/0/share", {"fraction": 0.5}),
    ),
    (
        "out of range",
        "share fraction 1.5",
        _set("figures/0/share", {"fraction": 1.5, "located_in": "CN"}),
    ),
    ("wrong type", "fractional figure value", _set("figures/0/value", 12.5)),
    ("out of range", "negative figure value", _set("figures/0/value", -3)),
    ("unknown code", "membership role 'boss'", _set("memberships/0/role", "boss")),
    ("unknown code", "position role 'ceo'", _set("positions/0/role", "ceo")),
    ("null for optional", "position role", _set("positions/0/role", None)),
    (
        "unknown code",
        "UN M49 region '999'",
        _set("networks/0/scope", {"regions": [{"vocabulary": "2", "code": "999"}]}),
    ),
    ("broken pattern", "licence 'http://'", _set("license", "http://")),
    ("broken pattern", "default language 'e'", _set("default_language", "e")),
    ("too few items", "person with an empty name", _set("persons/0/name", {})),
    (
        "impossible date",
        "agreement signed 2015-02-30",
        _set("agreements/0/date_signed", "2015-02-30"),
    ),
    ("unknown code", "program status '0'", _set("programs/0/status", "0")),
    ("wrong type", "organizations is an object", _set("organizations", {})),
)


def valid_cases(scale: float = 1.0) -> list[Case]:
    """Return the valid payloads: the representative entities, edge cases and datasets."""
    out = [
        Case("program: representative", "valid", "program", program(), True),
        Case("organization: representative", "valid", "organization", organization(), True),
    ]
    bases = {"program": program(), "organization": organization()}
    for schema, description, *changes in _VALID_EDGES:
        payload = _variant(bases[schema], *changes)
        out.append(Case(f"{schema}: {description}", "valid", schema, payload, True))
    small = dataset(scale=SMALL)
    out.append(Case(f"dataset: {entity_count(small)} entities", "valid", "dataset", small, True))
    if scale != SMALL:
        big = dataset(scale=scale)
        out.append(Case(f"dataset: {entity_count(big)} entities", "valid", "dataset", big, True))
    return out


def invalid_cases() -> list[Case]:
    """Return the invalid variants, each with one thing wrong."""
    bases = {"program": program(), "organization": organization()}
    out = []
    for schema, category, description, *changes in _INVALID:
        payload = _variant(bases[schema], *changes)
        out.append(Case(f"{schema}: {description}", category, schema, payload, False))
    small = dataset(scale=SMALL)
    for category, description, *changes in _INVALID_DATASET:
        payload = _variant(small, *changes)
        out.append(Case(f"dataset: {description}", category, "dataset", payload, False))
    return out


def cases(scale: float = 1.0) -> list[Case]:
    """Return every case of the pre-check: valid payloads first, then invalid variants."""
    return valid_cases(scale) + invalid_cases()
