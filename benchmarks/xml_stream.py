"""Streaming IATI XML: the rate and the peak memory of reading activity files.

Each file is generated (activities of about 500 bytes: identifier, reporting org, titles
in two languages, a description, status, a date, a sector) and read through
``ngomodel._xml.XmlReader`` in a fresh process: parse only, one activity at a time, each
cleared once read. The peak memory of a 10 MB and a 50 MB file side by side shows that it
does not grow with the number of activities.

Then each file is converted to an ngomodel JSON file through the command's own code
(``ngomodel.cli.main(["convert", FILE, "--to", "json", "-o", OUT])``, in a fresh process):
streamed, one activity at a time, and, side by side, read whole (the same command given
the file on standard input, which is read whole) with its peak memory. Both must write
the same bytes.

Usage: python benchmarks/xml_stream.py [--mb 10 50] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_ACTIVITY = (
    '<iati-activity default-currency="EUR"><iati-identifier>XM-1-{n}</iati-identifier>'
    '<reporting-org ref="XM-1" type="21"><narrative>Reporter</narrative></reporting-org>'
    '<title><narrative xml:lang="en">Activity {n}</narrative>'
    '<narrative xml:lang="fr">Activité {n}</narrative></title>'
    '<description type="1"><narrative>{text}</narrative></description>'
    '<activity-status code="2"/><activity-date iso-date="2024-01-01" type="2"/>'
    '<sector vocabulary="1" code="11220" percentage="100"/></iati-activity>\n'
)
_TEXT = "A description of what the activity does, long enough to be realistic. " * 2

_PROBE = """
import json, resource, sys, time
from ngomodel._xml import XmlReader
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
with open(sys.argv[1], "rb") as stream:
    reader = XmlReader(stream)
    count = sum(1 for _ in reader)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"activities": count, "problems": len(reader.problems), "seconds": seconds,
                  "import_mib": before / 1024, "peak_mib": peak / 1024}))
"""


_CONVERT = """
import json, resource, sys, time
from ngomodel import cli
source, out, whole = sys.argv[1], sys.argv[2], sys.argv[3] == "whole"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if whole:
    with open(source, "rb") as stream:
        sys.stdin = open(stream.fileno(), closefd=False)
        status = cli.main(["convert", "-", "--from", "iati", "--to", "json", "-o", out])
else:
    status = cli.main(["convert", source, "--to", "json", "-o", out])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": status, "seconds": seconds, "import_mib": before / 1024,
                  "peak_mib": peak / 1024}))
"""


def convert(path: Path, out: Path, *, whole: bool) -> dict[str, Any]:
    """Convert *path* to ngomodel JSON at *out* through the command, in a fresh process."""
    mode = "whole" if whole else "streamed"
    done = subprocess.run(
        [sys.executable, "-c", _CONVERT, str(path), str(out), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    if result["status"] != 0:
        raise SystemExit(f"{path}: the conversion failed ({mode}):\n{done.stderr[:2000]}")
    return result


def write_activities(path: Path, megabytes: float) -> int:
    """Write an activities file of about *megabytes* MB; return its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        n = 0
        while out.tell() < megabytes * 1e6:
            out.write("".join(_ACTIVITY.format(n=n + i, text=_TEXT) for i in range(1000)))
            n += 1000
        out.write("</iati-activities>\n")
    return path.stat().st_size


def measure(path: Path) -> dict[str, Any]:
    """Read *path* through the streaming reader in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    if result["problems"]:
        raise SystemExit(f"{path}: the generated file did not read cleanly")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[10.0, 50.0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.mb:
            path = Path(tmp) / f"activities-{megabytes:g}.xml"
            size = write_activities(path, megabytes)
            row = measure(path)
            row.update(mb=size / 1e6, mb_per_second=size / 1e6 / row["seconds"])
            rows.append(row)
            streamed, whole = Path(tmp) / "streamed.json", Path(tmp) / "whole.json"
            row["streamed"] = convert(path, streamed, whole=False)
            row["whole"] = convert(path, whole, whole=True)
            if streamed.read_bytes() != whole.read_bytes():
                raise SystemExit(f"{path}: streamed and whole conversions differ")
            row["json_mb"] = streamed.stat().st_size / 1e6
            streamed.unlink()
            whole.unlink()
    print(f"streaming IATI activities XML (parse only, Python {sys.version.split()[0]}):")
    header = ("MB", 6), ("activities", 10), ("seconds", 8), ("MB/s", 6), ("peak MiB", 9)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'after import':>12}")
    for row in rows:
        print(
            f"{row['mb']:>6.1f} {row['activities']:>10} {row['seconds']:>8.2f} "
            f"{row['mb_per_second']:>6.1f} {row['peak_mib']:>9.1f} {row['import_mib']:>12.1f}"
        )
    print()
    print("IATI activities XML -> ngomodel JSON file, ngomodel convert (fresh process each):")
    header = ("MB", 6), ("JSON MB", 8), ("streamed MB/s", 13), ("peak MiB", 9)
    print(
        " ".join(f"{name:>{width}}" for name, width in header),
        f"{'whole MB/s':>10} {'peak MiB':>9}",
    )
    for row in rows:
        streamed, whole = row["streamed"], row["whole"]
        print(
            f"{row['mb']:>6.1f} {row['json_mb']:>8.1f} "
            f"{row['mb'] / streamed['seconds']:>13.2f} {streamed['peak_mib']:>9.1f} "
            f"{row['mb'] / whole['seconds']:>10.2f} {whole['peak_mib']:>9.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
