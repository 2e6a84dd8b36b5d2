"""Escape text from the landing files before it goes into Markdown metadata.

Dagster renders `MetadataValue.md` as Markdown (with HTML) in the UI. File
names, rejection reasons that quote a cell, and the rows a check lists all
come from the offices' files, and text is data, never markup: a description
such as `<script>…</script>`, `[klik](javascript:…)` or `=HYPERLINK(…)`, or a
`|` that would split a table cell, must show as the characters it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_ESCAPED = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "(": "\\(",
        ")": "\\)",
        "#": "\\#",
        "!": "\\!",
        "|": "\\|",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        "\r": " ",
        "\n": " ",
    }
)


def md_text(value: object) -> str:
    """The value as Markdown that displays exactly its characters (one line, no markup)."""
    return str(value).translate(_ESCAPED)


def md_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table whose cells are escaped text."""
    lines = ["| " + " | ".join(md_text(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_text(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def md_list(items: Iterable[tuple[object, object]]) -> str:
    """`- name: text` lines, both parts escaped."""
    return "\n".join(f"- {md_text(name)}: {md_text(text)}" for name, text in items)
