"""Render the IATI mapping as the Markdown table docs/iati.md carries."""

from __future__ import annotations

from ngomodel.iati import MAPPING


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def mapping_table() -> str:
    """The table of :data:`ngomodel.iati.MAPPING`, one row per field."""
    lines = [
        "| ngomodel field | IATI 2.03 | how | way | required |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in MAPPING:
        place = f"`{row.iati}`" if row.iati else "*(none: left out)*"
        lines.append(
            f"| `{row.field}` | {_cell(place)} | {_cell(row.how)} | {row.direction} | "
            f"{'yes' if row.required else ''} |"
        )
    return "\n".join(lines) + "\n"
