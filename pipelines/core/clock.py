"""Western Indonesian Time (WIB), the one time zone people here read dates in.

The warehouse stores naive UTC timestamps (`landed_at`, `published_at`); a
deadline, a schedule and a date on a report are WIB calendar days. Every
Python module converts through here. (dbt has its own copy in SQL:
`delivery_status.sql` adds 7 hours to `landed_at`.)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIME_ZONE = "Asia/Jakarta"
"""The IANA name, for Dagster's `execution_timezone` and partition definitions."""
WIB = ZoneInfo(TIME_ZONE)


def today_wib() -> dt.date:
    """Today's date in WIB."""
    return dt.datetime.now(WIB).date()


def utc_to_wib(value: dt.datetime) -> dt.datetime:
    """A warehouse timestamp (naive UTC, or aware) as WIB wall-clock time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(WIB)
