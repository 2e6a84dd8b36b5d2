"""A file's data records as columns: what a bulk reader hands the bulk rules.

The row-wise path hands a feed parser one `layout.Record` per row; the bulk
path hands it one column per field, with the row numbers beside them, so the
rules (`bulk_feeds`) run once per column instead of once per cell. Both
readers (`bulk_csv`, `bulk_xlsx`) give exactly the records `layout.locate_table`
would give: same rows kept, same numbers, same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from pipelines.ingest.distinct_values import Cells


@dataclass(frozen=True)
class Columns:
    """The records of a file, column by column."""

    fields: dict[str, Cells]
    """Field name -> its cells for every record kept (see `vector_values.Cells`)."""
    numbers: pa.Array
    """The records' row numbers (int32), as the row-wise reader numbers them."""
    labels: dict[str, str]
    """Field name -> the header as written in the file."""

    def get(self, name: str) -> Cells | None:
        """The column of a field, or None when the file has no such column."""
        return self.fields.get(name)

    def __len__(self) -> int:
        return len(self.numbers)
