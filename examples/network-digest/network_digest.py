"""One line about each network of an ngomodel dataset: its members and where they work.

A small project that uses ngomodel as any other project would: it reads a dataset (or
the reference dataset shipped with ngomodel), asks the dataset's look-ups, changes
objects the attrs way, narrows strings to code types, and prints a digest per network::

    $ network-digest dataset.json
    network-silk-road  Silk Road NGO Cooperation Network  3 members  KH LA MM
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import attrs
import ngomodel
from ngomodel import codes


@attrs.frozen
class Digest:
    """What one network comes to.

    Attributes:
        network_id: The network's id.
        name: Its name in the language asked for, or in its first language.
        member_ids: The ids of its members, sorted, each once.
        countries: The countries its members' programs benefit, sorted.
    """

    network_id: str
    name: str
    member_ids: tuple[str, ...]
    countries: tuple[codes.CountryCode, ...]

    def line(self) -> str:
        """The digest as one line of text."""
        members = f"{len(self.member_ids)} member{'' if len(self.member_ids) == 1 else 's'}"
        return "  ".join([self.network_id, self.name, members, " ".join(self.countries)]).strip()


def name_in(text: ngomodel.LocalizedText, language: str) -> str:
    """The text in *language*, or else in the first of its languages in sorted order."""
    if language in text:
        return text[language]
    return text[min(text)]


def digest(data: ngomodel.Dataset, network_id: str, language: str = "en") -> Digest:
    """The digest of one network of *data*.

    Raises:
        KeyError: When *data* has no network of that id.
    """
    network = data.network(network_id)
    members = sorted({member.id for member in data.members_of(network_id)})
    countries = sorted(
        {
            share.country
            for member in members
            for program in data.programs_of(member)
            for share in program.recipient_countries
        }
    )
    return Digest(network.id, name_in(network.name, language), tuple(members), tuple(countries))


def digests(data: ngomodel.Dataset, language: str = "en") -> list[Digest]:
    """The digest of every network of *data*, in the dataset's order."""
    return [digest(data, network.id, language) for network in data.networks]


def retyped(organization: ngomodel.Organization, cell: str) -> ngomodel.Organization:
    """*organization* with the organisation type given as text (from a spreadsheet cell).

    Raises:
        ngomodel.ValidationError: When *cell* is not a code of the organisation types.
    """
    kind = codes.narrow(cell.strip(), codes.OrganisationTypeCode)
    return attrs.evolve(organization, organization_type=kind)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the digests of a dataset file, or of ngomodel's reference dataset."""
    parser = argparse.ArgumentParser(prog="network-digest", description=main.__doc__)
    parser.add_argument("file", nargs="?", help="a dataset JSON file (default: the reference)")
    parser.add_argument("--language", default="en", help="the language of names (default en)")
    args = parser.parse_args(argv)
    if args.file is None:
        data = ngomodel.reference_dataset()
    else:
        try:
            with open(args.file, "rb") as stream:
                data = ngomodel.loads(stream.read(), type=ngomodel.Dataset)
        except OSError as error:
            print(f"network-digest: {args.file}: {error.strerror}", file=sys.stderr)
            return 2
        except ngomodel.ValidationError as error:
            for problem in error.errors:
                print(f"{args.file}: {problem}", file=sys.stderr)
            return 1
    for each in digests(data, args.language):
        print(each.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
