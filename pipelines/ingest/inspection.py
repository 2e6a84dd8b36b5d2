"""Look at a landing entry before any parser touches it, and reject what is not data.

The landing folder is written by many hands (shared drives, e-mail
attachments saved by staff, sync tools), so besides exports it receives
links, folders, empty files, files of another kind under a data name, files
still being copied, and now and then something hostile. Each is classified
here from what `lstat` says and, for a regular file, from a streamed read
that hashes it and keeps only its first bytes, plus a zip archive's own
directory: never from a parser. A parser given a zip bomb or a device
cannot be stopped half-way, so it is never given one.

- Not a regular file (symbolic link, folder named like a file, device, pipe,
  socket): judged from `lstat` alone and never opened, so a link pointing
  anywhere on the server is never followed. It is identified by its name and
  a marker (`tidak-dibaca:<jenis>`) instead of a content hash, so the ledger
  records it once, not every night.
- Empty, or larger than the limit (`JEJAK_MAX_FILE_MB`): the size alone
  decides; a file over the limit is never read (identified by name and size).
- `.csv` whose first bytes are not text; `.xlsx` that is not a zip holding
  `xl/workbook.xml`, or whose parts would expand beyond the limit according
  to the archive's central directory (read before anything is inflated).
- A file whose size or modification time changes between the look before
  reading it and the look after is still being written: it is left for the
  next night, not rejected (see `inspect_entry` and the loader). A file's
  age proves nothing: a fresh checkout gives every file the same new time.

Every reason is in Bahasa Indonesia and names the problem; none quotes the
file's content, so a case file's reason carries no personal data.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import stat
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipelines.core.settings import MAX_FILE_MB_ENV

HEAD_BYTES = 64 * 1024
"""How much of a file's start is kept to judge its kind (the rest is only hashed)."""
CHUNK_BYTES = 1024 * 1024
MAX_ARCHIVE_PARTS = 10_000
"""A workbook has tens of parts (hundreds with images); more is not an export."""
UNREAD_PREFIX = "tidak-dibaca:"
"""`file_hash` of an entry never read: a marker, never mistaken for a sha256."""

WORKBOOK_PART = "xl/workbook.xml"
_EOCD = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 65535  # the end record plus the longest archive comment


@dataclass(frozen=True)
class Look:
    """What `lstat` says about an entry (a link is described, never followed)."""

    mode: int
    size: int
    mtime_ns: int
    dev: int
    ino: int

    @classmethod
    def of(cls, st: os.stat_result) -> Look:
        """The fields of a stat result that identify an entry and tell whether it changed."""
        return cls(st.st_mode, st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)

    @property
    def regular(self) -> bool:
        """A plain file (not a link, folder, device, pipe or socket)."""
        return stat.S_ISREG(self.mode)

    def same_as(self, other: Look | None) -> bool:
        """Unchanged since this look: same entry, size and modification time."""
        return other == self


def look(path: Path) -> Look | None:
    """`lstat` the entry; None when it is gone (moved away between listing and look)."""
    try:
        return Look.of(os.lstat(path))
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Inspection:
    """The verdict on one entry before parsing: its identity and, if it is not data, why."""

    look: Look
    digest: str
    """sha256 of the content, or `tidak-dibaca:<jenis>` for an entry that was not read."""
    problem: str | None
    """Rejection reason in Bahasa Indonesia, or None when the file may be parsed."""


def size_text(size: int) -> str:
    """`12,5 MB`, `200 MB`, `3,1 KB` or `812 byte` (Indonesian decimal comma)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            shown = str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
            return f"{shown} {unit}"
    return f"{size} byte"


def _not_regular(entry: Look) -> tuple[str, str] | None:
    """(marker, reason) for an entry that is not a regular file; None for a file."""
    mode = entry.mode
    if stat.S_ISLNK(mode):
        return (
            "tautan-simbolik",
            "bukan file biasa melainkan tautan simbolik (symlink); tautan tidak diikuti karena "
            "dapat menunjuk ke mana saja di server: salin file aslinya ke folder landing",
        )
    if stat.S_ISDIR(mode):
        return (
            "folder",
            "bukan file melainkan folder yang diberi nama seperti file; isinya tidak dibaca: "
            "letakkan file .xlsx atau .csv langsung di folder feed",
        )
    if not stat.S_ISREG(mode):
        return (
            "bukan-file-biasa",
            "bukan file biasa (perangkat, pipa atau soket); tidak dibuka: kirim file .xlsx atau "
            ".csv biasa",
        )
    return None


class EntryChanged(Exception):
    """The entry changed between two looks (still being written, or replaced)."""


@contextlib.contextmanager
def open_regular(path: Path, expected: Look | None = None) -> Iterator[BinaryIO]:
    """Open a regular file for reading without following a link or blocking on a pipe.

    `O_NOFOLLOW` refuses a link even if one replaced the file after it was
    looked at, `O_NONBLOCK` keeps a pipe swapped in from blocking the night,
    and the opened file must be the regular file that was looked at (same
    device and inode); otherwise `EntryChanged`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:  # ELOOP: a link; ENOENT: moved away; ENXIO: a socket
        raise EntryChanged(str(path)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (
            expected is not None and (st.st_dev, st.st_ino) != (expected.dev, expected.ino)
        ):
            raise EntryChanged(str(path))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def inspect_entry(path: Path, max_bytes: int) -> Inspection | None:
    """Classify one landing entry; None when it is still being written (leave it for later).

    A regular file within the limit is read once, in chunks: hashed, its first
    `HEAD_BYTES` kept, and for `.xlsx` its central directory read. Looks are
    taken before and after that read; any difference (size, modification
    time, or another file now under the name) means a writer is at work.
    """
    before = look(path)
    if before is None:
        return None
    unread = _not_regular(before)
    if unread is not None:
        marker, reason = unread
        return Inspection(before, UNREAD_PREFIX + marker, reason)
    if before.size > max_bytes:
        return Inspection(
            before,
            f"{UNREAD_PREFIX}ukuran-{before.size}",
            f"file berukuran {size_text(before.size)}, melebihi batas {size_text(max_bytes)} "
            f"({MAX_FILE_MB_ENV}); file tidak dibaca: pecah menjadi beberapa file atau hubungi "
            "pengelola data",
        )
    try:
        with open_regular(path, before) as handle:
            digest, head, size = _hash(handle, max_bytes)
            problem = content_problem(path.suffix.lower(), head, size, handle, max_bytes)
    except EntryChanged:
        return None
    after = look(path)
    if not before.same_as(after) or size != before.size:
        return None
    return Inspection(before, digest, problem)


def _hash(handle: BinaryIO, max_bytes: int) -> tuple[str, bytes, int]:
    """sha256, first bytes and size of the content, read in bounded chunks."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > max_bytes:  # grew past the limit while being read: still being written
            raise EntryChanged("grew while read")
    return digest.hexdigest(), head, size


EMPTY = "file kosong (0 byte): kirim ulang file yang berisi data"


def content_problem(
    suffix: str, head: bytes, size: int, handle: BinaryIO | None, max_bytes: int
) -> str | None:
    """Why the content cannot be a delivery of its kind, or None.

    `head` is the start of the file (all of it when `size <= len(head)`);
    `handle`, when given, is a seekable binary handle on the whole file, used
    for the zip directory of a workbook.
    """
    if size == 0:
        return EMPTY
    if suffix == ".csv":
        return _text_problem(head, complete=size <= len(head))
    if suffix == ".xlsx":
        return _workbook_problem(head, handle, max_bytes)
    return None


_CSV_IS_OTHER = (
    (
        b"PK\x03\x04",
        "file .csv ternyata buku kerja Excel (.xlsx) atau arsip ZIP, bukan teks: ganti "
        "ekstensinya menjadi .xlsx atau simpan ulang sebagai CSV",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "file .csv ternyata file Excel lama (.xls) atau dokumen Office lain, bukan teks: "
        "simpan ulang sebagai CSV",
    ),
    (b"%PDF", "file .csv ternyata dokumen PDF, bukan teks: kirim datanya sebagai .csv atau .xlsx"),
    (
        b"\xff\xfe",
        "file .csv memakai pengodean UTF-16 (Unicode Text dari Excel): simpan ulang sebagai "
        "CSV UTF-8",
    ),
    (
        b"\xfe\xff",
        "file .csv memakai pengodean UTF-16 (Unicode Text dari Excel): simpan ulang sebagai "
        "CSV UTF-8",
    ),
)
# Control bytes that never appear in a text export (tab, LF, CR and form feed do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CONTROL_SHARE = 0.01


def _text_problem(head: bytes, complete: bool) -> str | None:
    """Binary content under a `.csv` name, judged from the first bytes."""
    for magic, reason in _CSV_IS_OTHER:
        if head.startswith(magic):
            return reason
    if b"\x00" in head:
        return (
            "file .csv berisi data biner, bukan teks (ada byte NUL): mungkin file lain yang "
            "diberi nama .csv; simpan ulang sebagai CSV dan kirim kembali"
        )
    body = head.removeprefix(codecs.BOM_UTF8)
    if complete and not body.strip():
        return (
            "file kosong: hanya berisi spasi atau baris kosong; kirim ulang file yang berisi data"
        )
    controls = len(body) - len(body.translate(None, _CONTROL))
    if controls > max(2, _CONTROL_SHARE * len(body)):
        return (
            "file .csv berisi data biner, bukan teks (banyak karakter kendali): mungkin file "
            "lain yang diberi nama .csv; simpan ulang sebagai CSV dan kirim kembali"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(body, final=complete)
        return None
    except UnicodeDecodeError:
        pass
    try:
        body.decode("cp1252")
    except UnicodeDecodeError as exc:
        return (
            "file .csv bukan teks UTF-8 maupun Windows-1252 (byte tidak dikenal pada posisi "
            f"{exc.start}): simpan ulang sebagai CSV UTF-8"
        )
    return None


def _workbook_problem(head: bytes, handle: BinaryIO | None, max_bytes: int) -> str | None:
    """Anything under an `.xlsx` name that is not a workbook, or would expand beyond the limit."""
    if not head.startswith(b"PK"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            return (
                "file .xlsx ternyata file Excel lama (.xls) atau file Excel berkata sandi: "
                "simpan ulang sebagai Excel Workbook (.xlsx) tanpa kata sandi"
            )
        if _text_problem(head, complete=False) is None:
            return (
                "file .xlsx ternyata file teks (mungkin CSV), bukan buku kerja Excel: ganti "
                "ekstensinya menjadi .csv atau simpan ulang sebagai .xlsx"
            )
        return (
            "file .xlsx bukan buku kerja Excel (bukan arsip ZIP): simpan ulang dari Excel "
            "sebagai .xlsx dan kirim kembali"
        )
    if handle is None:
        return None
    try:
        parts = archive_part_count(handle)
    except Exception:  # any unreadable end of archive is the same problem
        parts = None
    if parts is None:
        return (
            "file Excel rusak atau terpotong: daftar isi arsip ZIP tidak ditemukan (mungkin "
            "pengiriman belum selesai); simpan ulang sebagai .xlsx dan kirim kembali"
        )
    if parts > MAX_ARCHIVE_PARTS:
        return (
            f"file .xlsx berisi lebih dari {MAX_ARCHIVE_PARTS:,} bagian arsip".replace(",", ".")
            + ", bukan buku kerja ekspor: simpan ulang lembar datanya saja sebagai .xlsx"
        )
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except Exception:  # zipfile raises many kinds for a broken directory
        return (
            "file Excel rusak: daftar isi arsip ZIP tidak dapat dibaca; simpan ulang sebagai "
            ".xlsx dan kirim kembali"
        )
    return workbook_parts_problem(infos, max_bytes)


def workbook_parts_problem(infos: list[zipfile.ZipInfo], max_bytes: int) -> str | None:
    """Judge a zip from its central directory alone (nothing inflated).

    The declared uncompressed sizes are what the readers will inflate at
    most: both zip readers used here (Python's zipfile and calamine's Rust
    zip) stop with an error at a part larger than its declared size.
    """
    names = {info.filename for info in infos}
    if WORKBOOK_PART not in names:
        if "word/document.xml" in names:
            kind = "dokumen Word (.docx)"
        elif "ppt/presentation.xml" in names:
            kind = "presentasi PowerPoint (.pptx)"
        elif "content.xml" in names:
            kind = "dokumen OpenDocument (.ods/.odt)"
        else:
            kind = "arsip ZIP biasa"
        return (
            f"file .xlsx ternyata {kind}, bukan buku kerja Excel (tidak ada {WORKBOOK_PART}): "
            "simpan ulang dari Excel sebagai .xlsx"
        )
    if len(names) != len(infos):
        # Two parts under one name: readers disagree on which one they read.
        return (
            "file .xlsx memuat bagian arsip bernama ganda, bukan buku kerja yang disimpan Excel: "
            "simpan ulang sebagai .xlsx dan kirim kembali"
        )
    declared = sum(max(info.file_size, 0) for info in infos)
    if declared > max_bytes:
        largest = max(info.file_size for info in infos)
        return (
            f"isi file .xlsx akan mengembang menjadi {size_text(declared)} saat dibuka "
            f"(bagian terbesar {size_text(largest)}), melebihi batas {size_text(max_bytes)} "
            f"({MAX_FILE_MB_ENV}); file tidak dibuka: simpan ulang lembar datanya saja sebagai "
            ".xlsx dan kirim kembali"
        )
    return None


def archive_part_count(handle: BinaryIO) -> int | None:
    """Number of parts from the zip's end record, before the central directory is parsed.

    Python's zipfile builds an object per part, so a directory of millions
    of parts would cost memory before any check; the end record says how
    many there are in 22 bytes. None when there is no end record. A ZIP64
    count (0xFFFF) is reported as more than any workbook has.
    """
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    start = max(0, size - _EOCD_SEARCH)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    (total,) = struct.unpack_from("<H", tail, at + 10)
    return MAX_ARCHIVE_PARTS + 1 if total == 0xFFFF else total
