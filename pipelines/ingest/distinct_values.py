"""Parse each distinct cell of a column once, with the row-wise parser itself.

A monthly file repeats a few spellings on most of its rows: the office, the
dates of the month, a few hundred budget codes, the statuses. Dictionary
encoding the column (in C) and calling the row-wise parser (`values.py`,
`pii.py`, a feed's own) once per distinct cell types the whole column with
results that are exact by construction: the same function on the same cell.
A sheet column of numbers or dates, whose cells Arrow cannot hold as text,
is keyed by type and value the way `values.memo_cells` keys them.

A `ValueProblem` from the parser declines the file (`vector_values.Declined`):
the row-wise path then rejects it, with its rows and messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest.values import ValueProblem, is_blank
from pipelines.ingest.vector_values import Declined

Cells = pa.Array | list[Any]
"""A column of cells: an Arrow string array (CSV, or an all-text sheet column; `""` when
empty), or the cells of a sheet column as the xlsx reader gives them (None when empty)."""


def _cell(value: str) -> str | None:
    """The row-wise reader's cell: None for an empty or whitespace-only field."""
    return None if not value or value.isspace() else value


def _python_cells(values: Cells) -> list[Any]:
    """The cells as the row-wise path hands them to a parser."""
    if isinstance(values, list):
        return values
    return [None if v is None else _cell(v) for v in values.to_pylist()]


def by_distinct(values: Cells, parse: Callable[[Any], Any], kind: pa.DataType) -> pa.Array:
    """Parse each distinct value once with the row-wise parser; spread the results to the rows.

    `parse` receives the cell as the row-wise path does (None when blank); a
    `ValueProblem` declines the file.
    """
    return by_distinct_rows([values], lambda cell: (parse(cell),), [kind])[0]


def column_rule(
    values: Cells,
    arrow_rule: Callable[[pa.Array], pa.Array],
    parse: Callable[[Any], Any],
    kind: pa.DataType,
) -> pa.Array:
    """`arrow_rule` on a text column; the row-wise `parse` per distinct cell on a typed one."""
    if isinstance(values, list):
        return by_distinct(values, parse, kind)
    return arrow_rule(values)


_SEPARATOR = "\x00"  # never in a text cell: both bulk readers decline a NUL


def by_distinct_rows(
    columns: Sequence[Cells | None],
    parse: Callable[..., Sequence[Any]],
    kinds: Sequence[pa.DataType],
) -> list[pa.Array]:
    """Parse each distinct combination of cells once; `parse` returns one value per kind.

    A column the file does not have is given as None and reaches `parse` as a
    None cell, as `Record.get` gives it.
    """
    present = [c for c in columns if c is not None]
    if not present:
        raise ValueError("by_distinct_rows needs at least one column")
    typed = _as_arrow(present[0]) if len(present) == 1 else None
    if typed is not None:
        distinct, indices = _distinct_typed(columns, typed)
    elif any(isinstance(c, list) for c in present):
        distinct, indices = _distinct_cells(columns)
    else:
        distinct, indices = _distinct_text(columns)
    results: list[list[Any]] = [[] for _ in kinds]
    for args in distinct:
        try:
            parsed = parse(*args)
        except ValueProblem:
            # The problem's text may quote a cell (personal data, in a case file): not kept.
            raise Declined("a value the row-wise path rejects") from None
        for out, value in zip(results, parsed, strict=True):
            out.append(value)
    try:
        typed = [pa.array(out, type=kind) for out, kind in zip(results, kinds, strict=True)]
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        raise Declined("a parsed value does not fit its raw column type") from None
    return [values.take(indices) for values in typed]


def _distinct_text(columns: Sequence[pa.Array | None]) -> tuple[list[list[Any]], pa.Array]:
    """Distinct combinations of text columns, by Arrow's dictionary encoding."""
    present = [c for c in columns if c is not None]
    key = present[0] if len(present) == 1 else pc.binary_join_element_wise(*present, _SEPARATOR)
    encoded = pc.dictionary_encode(key)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    distinct = []
    for joined in encoded.dictionary.to_pylist():
        parts = iter(joined.split(_SEPARATOR) if len(present) > 1 else [joined])
        distinct.append([None if c is None else _cell(next(parts)) for c in columns])
    return distinct, encoded.indices


_ARROW_KINDS = {float: pa.float64(), dt.date: pa.date32()}


def _as_arrow(values: Cells) -> pa.Array | None:
    """A sheet column of only numbers or only date cells, as Arrow (hashed in C); else None."""
    if not isinstance(values, list):
        return None
    kinds = set(map(type, values)) - {type(None)}
    kind = _ARROW_KINDS.get(kinds.pop()) if len(kinds) == 1 else None
    return None if kind is None else pa.array(values, type=kind)


def _distinct_typed(
    columns: Sequence[Cells | None], typed: pa.Array
) -> tuple[list[list[Any]], pa.Array]:
    """Distinct values of one numeric or date column, empty cells included.

    Arrow hashes `0.0` and `-0.0` apart and every NaN alike, as `_key` does.
    """
    encoded = pc.dictionary_encode(typed)
    values = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:  # empty cells: one more distinct value, None
        indices = pc.fill_null(indices, len(values))
        values.append(None)
    distinct = [[None if c is None else value for c in columns] for value in values]
    return distinct, indices


def _key(cell: Any) -> tuple[type, Any]:
    """Cells with equal keys parse alike: `1.0`, `1` and `True` differ, as do `0.0` and `-0.0`."""
    kind = type(cell)
    if cell is None or kind is str or kind is int or kind is bool:
        return kind, cell
    return kind, repr(cell)


def _distinct_cells(columns: Sequence[Cells | None]) -> tuple[list[list[Any]], pa.Array]:
    """Distinct combinations of cells of any type (a sheet's numbers, dates), in Python."""
    length = len(next(c for c in columns if c is not None))
    cells = [[None] * length if c is None else _python_cells(c) for c in columns]
    seen: dict[tuple[Any, ...], int] = {}
    distinct: list[list[Any]] = []
    indices = []
    for row in zip(*cells, strict=True):
        key = tuple(map(_key, row))
        index = seen.get(key)
        if index is None:
            index = seen[key] = len(distinct)
            distinct.append(list(row))
        indices.append(index)
    return distinct, pa.array(indices, type=pa.int32())


def optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`RowErrors.optional`: a blank cell is None, anything else goes to `parse`."""

    def parse_optional(cell: Any) -> Any:
        return None if is_blank(cell) else parse(cell)

    return parse_optional
