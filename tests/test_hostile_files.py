"""Files that are not data: each is rejected before any parser reads it, with a reason that
names the problem, recorded once in the ledger, and left untouched in the landing folder.

Every case runs the real loader (`load_feed`) on a real DuckDB file; the expected
reasons and counts are written by hand from the spec ("Files that are not data").
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.loader import load_feed
from pipelines.ingest.readers import FileProblem, read_rows
from sample_data import hostile

KEY = b"kunci-uji"
REPO = Path(__file__).resolve().parent.parent


def _landing(tmp_path: Path, feed: str = "sp2d") -> Path:
    landing = tmp_path / "landing"
    (landing / feed).mkdir(parents=True)
    return landing


def _ledger(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    rows = con.execute(
        "select file_name, status, error, file_hash, row_count, kdsatker from raw.file_ledger"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _valid_sp2d(path: Path, count: int = 20, kdsatker: str = "900199", month: int = 3) -> Path:
    lines = [";".join(hostile.SP2D_HEADER)]
    rows = hostile.sp2d_rows(kdsatker=kdsatker, month=month, count=count)
    lines += [";".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _duplicate_parts(path: Path) -> None:
    """A workbook with a second sheet part under the same name (readers disagree on which)."""
    hostile.huge_range_xlsx(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")


# --- not a regular file ------------------------------------------------------------


def test_symlink_is_never_followed_and_its_target_never_reaches_raw(tmp_path: Path) -> None:
    outside = tmp_path / "di_luar_landing"
    outside.mkdir()
    secret = hostile.secret_outside(outside / "rahasia.csv", marker="RAHASIA-SERVER-9931")
    pipe = outside / "pipa"
    os.mkfifo(pipe)  # opening this would block the night: proves the link is never opened
    landing = _landing(tmp_path)
    hostile.link_outside(landing / "sp2d" / "SP2D_900199_202603.csv", secret)
    hostile.link_outside(landing / "sp2d" / "SP2D_900199_202604.csv", pipe)
    db = tmp_path / "work.duckdb"
    con = duckdb.connect(str(db))
    started = time.perf_counter()
    report = load_feed(con, "sp2d", landing, KEY)
    assert time.perf_counter() - started < 5
    ledger = _ledger(con)
    reason = (
        "bukan file biasa melainkan tautan simbolik (symlink); tautan tidak diikuti karena "
        "dapat menunjuk ke mana saja di server: salin file aslinya ke folder landing"
    )
    assert ledger["SP2D_900199_202603.csv"] == (
        "rejected",
        reason,
        "tidak-dibaca:tautan-simbolik",
        0,
        "900199",  # the name's facts are kept, so the office knows what to send again
    )
    assert ledger["SP2D_900199_202604.csv"][:2] == ("rejected", reason)
    assert sorted(report.rejected) == ["SP2D_900199_202603.csv", "SP2D_900199_202604.csv"]
    assert con.execute("select count(*) from raw.sp2d").fetchone()[0] == 0
    # The next night: already in the ledger, not recorded again.
    again = load_feed(con, "sp2d", landing, KEY)
    assert again.already_loaded == 2 and not again.rejected
    assert con.execute("select count(*) from raw.file_ledger").fetchone()[0] == 2
    con.close()
    assert b"RAHASIA-SERVER-9931" not in db.read_bytes()
    assert (landing / "sp2d" / "SP2D_900199_202603.csv").is_symlink()  # left as it was


def test_folder_named_like_a_file_is_rejected_and_a_plain_folder_ignored(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    hostile.folder_named_like_a_file(landing / "sp2d" / "SP2D_900199_202603.csv")
    (landing / "sp2d" / "arsip lama").mkdir()  # an office's own archive folder: not a delivery
    con = duckdb.connect(":memory:")
    report = load_feed(con, "sp2d", landing, KEY)
    assert report.files_seen == 1
    assert _ledger(con)["SP2D_900199_202603.csv"][:3] == (
        "rejected",
        "bukan file melainkan folder yang diberi nama seperti file; isinya tidak dibaca: "
        "letakkan file .xlsx atau .csv langsung di folder feed",
        "tidak-dibaca:folder",
    )


# --- empty, too big, zip bomb --------------------------------------------------------


def test_empty_file_is_rejected_as_empty(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    (landing / "sp2d" / "SP2D_900199_202603.xlsx").write_bytes(b"")
    (landing / "sp2d" / "SP2D_900199_202604.csv").write_bytes(b"")
    (landing / "sp2d" / "SP2D_900199_202605.csv").write_bytes(b"\xef\xbb\xbf\r\n \r\n")
    con = duckdb.connect(":memory:")
    load_feed(con, "sp2d", landing, KEY)
    ledger = _ledger(con)
    empty = "file kosong (0 byte): kirim ulang file yang berisi data"
    assert ledger["SP2D_900199_202603.xlsx"][:2] == ("rejected", empty)
    assert ledger["SP2D_900199_202604.csv"][:2] == ("rejected", empty)
    assert ledger["SP2D_900199_202605.csv"][:2] == (
        "rejected",
        "file kosong: hanya berisi spasi atau baris kosong; kirim ulang file yang berisi data",
    )


def test_file_over_the_limit_is_rejected_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JEJAK_MAX_FILE_MB", str(1 / 1024))  # 1 KB
    landing = _landing(tmp_path)
    path = _valid_sp2d(landing / "sp2d" / "SP2D_900199_202603.csv", count=40)
    size = path.stat().st_size
    assert size > 1024
    con = duckdb.connect(":memory:")
    load_feed(con, "sp2d", landing, KEY)
    status, error, digest, rows, _ = _ledger(con)["SP2D_900199_202603.csv"]
    assert status == "rejected" and rows == 0
    shown = f"{size / 1024:.1f}".replace(".", ",")
    assert error == (
        f"file berukuran {shown} KB, melebihi batas 1 KB (JEJAK_MAX_FILE_MB); "
        "file tidak dibaca: pecah menjadi beberapa file atau hubungi pengelola data"
    )
    assert digest == f"tidak-dibaca:ukuran-{size}"  # identified by name and size, not content


def test_zip_bomb_is_rejected_from_the_central_directory(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    bomb = hostile.zip_bomb_xlsx(landing / "sp2d" / "SP2D_900199_202603.xlsx", expanded_mb=300)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    con = duckdb.connect(":memory:")
    tracemalloc.start()
    started = time.perf_counter()
    load_feed(con, "sp2d", landing, KEY)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    status, error, *_ = _ledger(con)["SP2D_900199_202603.xlsx"]
    assert status == "rejected"
    assert error.startswith("isi file .xlsx akan mengembang menjadi 300,")
    assert "melebihi batas 200 MB (JEJAK_MAX_FILE_MB); file tidak dibuka" in error
    assert elapsed < 1.0
    assert peak < 8 * 1024 * 1024  # the hash's 1 MB chunks and the kept head, no inflated XML
    # The reader on its own refuses it the same way (a file reaching it by another path).
    with pytest.raises(FileProblem, match="akan mengembang menjadi 300,"):
        read_rows(bomb)


def test_zip_bomb_costs_the_process_no_memory(tmp_path: Path) -> None:
    """Peak RSS of a whole process that loads the bomb, Rust and C allocations included."""
    bomb = hostile.zip_bomb_xlsx(tmp_path / "SP2D_900199_202603.xlsx", expanded_mb=300)
    measured = _in_subprocess(
        f"""
        from pathlib import Path
        from pipelines.ingest.readers import FileProblem, read_rows
        try:
            read_rows(Path({str(bomb)!r}))
        except FileProblem as problem:
            print(problem)
        """
    )
    assert "akan mengembang" in measured["out"]
    assert measured["seconds"] < 1.0
    assert measured["rss_growth_mb"] < 20


# --- content of the wrong kind -----------------------------------------------------------


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        (
            hostile.binary_csv,
            "file .csv berisi data biner, bukan teks (ada byte NUL): mungkin file lain yang "
            "diberi nama .csv; simpan ulang sebagai CSV dan kirim kembali",
        ),
        (
            lambda p: p.write_bytes("kdsatker;nilai\n".encode("utf-16")),
            "file .csv memakai pengodean UTF-16 (Unicode Text dari Excel): simpan ulang sebagai "
            "CSV UTF-8",
        ),
        (
            hostile.not_a_workbook_xlsx,
            "file .csv ternyata buku kerja Excel (.xlsx) atau arsip ZIP, bukan teks: ganti "
            "ekstensinya menjadi .xlsx atau simpan ulang sebagai CSV",
        ),
        (
            lambda p: p.write_bytes(b"kdsatker;uraian\n900199;" + b"\x01\x02\x03\x04" * 40),
            "file .csv berisi data biner, bukan teks (banyak karakter kendali): mungkin file "
            "lain yang diberi nama .csv; simpan ulang sebagai CSV dan kirim kembali",
        ),
        (
            lambda p: p.write_bytes(b"kdsatker;uraian\n900199;\x81\x8d\x8f\x90\x9d\xff\xfe\n"),
            "file .csv bukan teks UTF-8 maupun Windows-1252 (byte tidak dikenal pada posisi 23): "
            "simpan ulang sebagai CSV UTF-8",
        ),
    ],
    ids=["png", "utf16", "zip", "control-bytes", "undecodable"],
)
def test_binary_content_under_csv_is_rejected(tmp_path: Path, write, reason: str) -> None:
    landing = _landing(tmp_path)
    write(landing / "sp2d" / "SP2D_900199_202603.csv")
    con = duckdb.connect(":memory:")
    load_feed(con, "sp2d", landing, KEY)
    assert _ledger(con)["SP2D_900199_202603.csv"][:2] == ("rejected", reason)


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        (
            hostile.not_a_workbook_xlsx,
            "file .xlsx ternyata arsip ZIP biasa, bukan buku kerja Excel (tidak ada "
            "xl/workbook.xml): simpan ulang dari Excel sebagai .xlsx",
        ),
        (
            hostile.text_as_xlsx,
            "file .xlsx ternyata file teks (mungkin CSV), bukan buku kerja Excel: ganti "
            "ekstensinya menjadi .csv atau simpan ulang sebagai .xlsx",
        ),
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
            "file .xlsx ternyata file Excel lama (.xls) atau file Excel berkata sandi: simpan "
            "ulang sebagai Excel Workbook (.xlsx) tanpa kata sandi",
        ),
        (
            hostile.binary_csv,
            "file .xlsx bukan buku kerja Excel (bukan arsip ZIP): simpan ulang dari Excel "
            "sebagai .xlsx dan kirim kembali",
        ),
        (
            lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 200),
            "file Excel rusak atau terpotong: daftar isi arsip ZIP tidak ditemukan (mungkin "
            "pengiriman belum selesai); simpan ulang sebagai .xlsx dan kirim kembali",
        ),
        (
            _duplicate_parts,
            "file .xlsx memuat bagian arsip bernama ganda, bukan buku kerja yang disimpan Excel: "
            "simpan ulang sebagai .xlsx dan kirim kembali",
        ),
    ],
    ids=["zip-without-workbook", "text", "xls", "png", "truncated-zip", "duplicate-parts"],
)
def test_non_workbook_under_xlsx_is_rejected(tmp_path: Path, write, reason: str) -> None:
    landing = _landing(tmp_path)
    write(landing / "sp2d" / "SP2D_900199_202603.xlsx")
    con = duckdb.connect(":memory:")
    load_feed(con, "sp2d", landing, KEY)
    assert _ledger(con)["SP2D_900199_202603.xlsx"][:2] == ("rejected", reason)


def test_name_that_is_not_utf8_is_rejected_not_crashed(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    folder = os.fsencode(landing / "sp2d")
    with open(os.path.join(folder, b"SP2D_900199_202603_\xe9.csv"), "wb") as handle:
        handle.write(b"kdsatker;nilai\n")
    con = duckdb.connect(":memory:")
    load_feed(con, "sp2d", landing, KEY)
    (name, (status, error, *_)), *_ = _ledger(con).items()
    assert name == "SP2D_900199_202603_\ufffd.csv"
    assert status == "rejected"
    assert error.startswith("nama file memuat huruf yang tidak dapat dibaca (bukan UTF-8)")


# --- a file still being written ----------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import os, sys, time
    path, ready = sys.argv[1], sys.argv[2]
    line = b"900199;260300000000999;05-03-2026;DL.6011.QAH.002.051.A.524111;1.000,00;LS;x\\n"
    with open(path, "ab", buffering=0) as handle:
        handle.write(line)
        open(ready, "w").close()
        while True:  # a copy in progress: the file grows until the writer is stopped
            handle.write(line)
            time.sleep(0.0005)
    """
)


def test_file_still_being_written_is_left_for_the_next_night(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    # Files parsed before the growing one: the look after reading it comes after them.
    for month in range(1, 3):
        _valid_sp2d(landing / "sp2d" / f"SP2D_900104_20260{month}.csv", 3000, "900104", month)
    growing = _valid_sp2d(landing / "sp2d" / "SP2D_900199_202603.csv", count=3000)
    ready = tmp_path / "writer.ready"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(growing), str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline and writer.poll() is None
            time.sleep(0.01)
        con = duckdb.connect(":memory:")
        report = load_feed(con, "sp2d", landing, KEY)
    finally:
        writer.kill()
        writer.wait()
    assert report.still_written == ["SP2D_900199_202603.csv"]
    assert sorted(report.loaded) == ["SP2D_900104_202601.csv", "SP2D_900104_202602.csv"]
    assert "SP2D_900199_202603.csv" not in _ledger(con)  # not rejected: not recorded at all
    # The copy has finished: the next night examines the whole file.
    later = load_feed(con, "sp2d", landing, KEY)
    assert later.still_written == []
    assert "SP2D_900199_202603.csv" in _ledger(con)


def test_files_with_one_and_the_same_time_all_load(tmp_path: Path) -> None:
    """A fresh checkout gives every file the same new time: age is no sign of a writer."""
    landing = _landing(tmp_path)
    now = time.time()
    for month in range(1, 4):
        path = _valid_sp2d(landing / "sp2d" / f"SP2D_900199_20260{month}.csv", month=month)
        os.utime(path, (now, now))
    con = duckdb.connect(":memory:")
    report = load_feed(con, "sp2d", landing, KEY, now=dt.datetime(2026, 4, 1))
    assert (report.still_written, report.rejected) == ([], {})
    assert len(report.loaded) == 3


# --- a used range of a million rows ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stray_value", "stray_cell"),
    [(None, "A1048576"), (" ", "A1048576"), ("", "P1048576"), (" ", "XFD1048576")],
    ids=["formatted-empty", "space", "empty-string", "space-in-last-column"],
)
def test_huge_used_range_reads_only_the_rows_that_exist(
    tmp_path: Path, stray_value: str | None, stray_cell: str
) -> None:
    path = hostile.huge_range_xlsx(
        tmp_path / "SP2D_900199_202603.xlsx", stray_value=stray_value, stray_cell=stray_cell
    )
    measured = _in_subprocess(
        f"""
        from pathlib import Path
        from pipelines.ingest.readers import read_rows
        rows = read_rows(Path({str(path)!r}))
        print(len(rows), rows[1].number, rows[-1].number)
        """
    )
    # 21 rows (header and 20 lines); a stray space is no data. A dense reader spends
    # 2-6 s and 700 MB on the 16-column variants, and aborts the process on XFD.
    assert measured["out"].split() == ["21", "2", "21"]
    assert measured["seconds"] < 3
    assert measured["rss_growth_mb"] < 60
    landing = _landing(tmp_path)
    path.rename(landing / "sp2d" / path.name)
    con = duckdb.connect(":memory:")
    report = load_feed(con, "sp2d", landing, KEY)
    assert report.loaded == [path.name] and report.rows == 20


def test_every_not_data_entry_is_recorded_once(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    folder = landing / "sp2d"
    (folder / "SP2D_900199_202601.csv").write_bytes(b"")
    hostile.binary_csv(folder / "SP2D_900199_202602.csv")
    hostile.not_a_workbook_xlsx(folder / "SP2D_900199_202603.xlsx")
    hostile.folder_named_like_a_file(folder / "SP2D_900199_202604.xlsx")
    hostile.link_outside(folder / "SP2D_900199_202605.csv", Path("/etc/hostname"))
    hostile.zip_bomb_xlsx(folder / "SP2D_900199_202606.xlsx", expanded_mb=210)
    con = duckdb.connect(":memory:")
    first = load_feed(con, "sp2d", landing, KEY)
    assert len(first.rejected) == 6
    for _ in range(2):
        night = load_feed(con, "sp2d", landing, KEY)
        assert (night.already_loaded, night.rejected) == (6, {})
    assert con.execute("select count(*) from raw.file_ledger").fetchone()[0] == 6
    counts = con.execute("select count(*) from raw.file_ledger where counts is not null").fetchone()
    assert counts == (0,)


def _in_subprocess(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter; its output, wall time and RSS growth after imports."""
    script = (
        textwrap.dedent(
            """
        import resource, sys, time
        import pipelines.ingest.readers  # imports (calamine, zipfile) counted before
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        """
        )
        + textwrap.dedent(code)
        + textwrap.dedent(
            """
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"@@ {elapsed} {(after - before) / 1024}", file=sys.stderr)
        """
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    marker = next(line for line in done.stderr.splitlines() if line.startswith("@@ "))
    _, seconds, growth = marker.split()
    return {"out": done.stdout, "seconds": float(seconds), "rss_growth_mb": float(growth)}


# --- the limit setting and the sheet scan ------------------------------------------------


def test_max_file_mb_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.core.resources import SettingsResource
    from pipelines.core.settings import settings_from_env

    monkeypatch.delenv("JEJAK_MAX_FILE_MB", raising=False)
    assert settings_from_env().max_file_bytes == 200 * 1024 * 1024
    assert SettingsResource().resolve().max_file_bytes == 200 * 1024 * 1024
    monkeypatch.setenv("JEJAK_MAX_FILE_MB", "0.5")
    assert settings_from_env().max_file_bytes == 512 * 1024
    assert SettingsResource(max_file_mb="0.5").resolve().max_file_bytes == 512 * 1024
    for wrong in ("0", "-1", "banyak", "nan", "inf"):
        monkeypatch.setenv("JEJAK_MAX_FILE_MB", wrong)
        with pytest.raises(ValueError, match="JEJAK_MAX_FILE_MB"):
            settings_from_env()


@given(st.integers(1, 18278), st.integers(1, 18278))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_column_search_finds_exactly_the_wider_columns(column: int, other: int) -> None:
    import re

    from pipelines.ingest.readers import _column_letters, _column_number, _wider_letters

    letters = _column_letters(other)
    assert _column_number(letters.encode()) == other
    pattern = re.compile(f'r="(?:{_wider_letters(column)})[0-9]')
    for shown in (letters, letters.lower()):  # calamine reads either case
        assert bool(pattern.search(f'<c r="{shown}12">')) == (other > column)
