"""Create a small DuckDB file with the `raw` schema for developing the dbt project.

The same rows can be written to PostgreSQL (tests/test_postgres_dbt.py): `DDL`
is portable SQL and `Fixture.raw_tables()` gives the rows of every table.

The data is synthetic and small enough to be checked by hand. It covers:

- two offices: 900104 (in offices.csv) and 900199 (an unknown office code);
- a DIPA revision 00 and 01 for 900104 (rev01 is the budget in force);
- SP2D for January delivered twice (the first delivery is superseded),
  February with a refund and a line outside the DIPA, and a rejected March
  file (so months elapsed m = 2 for 900104);
- a results-chain mapping with '*' rows, an office override, an incomplete
  mapping (shares sum to 70) and an RO without any mapping; an older mapping
  file for the same year that is superseded;
- an indicator catalogue with targets;
- two pengaduan snapshots for 900104 (a case changes status between them);
- an RPD plan for 900104 (January, long) with an update from April, and a
  rejected RPD file; 900199 has no plan.

Usage:
    python tests/dbt/make_raw_fixture.py /tmp/x.duckdb
    cd dbt_project && JEJAK_WORK_DB=/tmp/x.duckdb ../.venv/bin/dbt build --profiles-dir .
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

LINEAGE = "_file_id varchar, _file_hash varchar, _source_file varchar, _row_number integer"

DDL = f"""
create schema if not exists raw;
drop table if exists raw.file_ledger;
create table raw.file_ledger (
    file_id varchar primary key, file_hash varchar, feed varchar, file_name varchar, source_file varchar,
    kdsatker varchar, thang integer, bulan integer, revisi integer, snapshot_date date,
    delivery_key varchar, landed_at timestamp, loaded_at timestamp, status varchar,
    row_count integer, amount_total decimal(18,2), error varchar, counts varchar
);
drop table if exists raw.dipa;
create table raw.dipa (
    thang integer, kdsatker varchar, revisi integer, kode_anggaran varchar, kdprogram varchar,
    kdgiat varchar, kdkro varchar, kdro varchar, kdkmpnen varchar, kdskmpnen varchar,
    kdakun varchar, kode_ro varchar, uraian varchar, pagu decimal(18,2), blokir decimal(18,2),
    {LINEAGE}
);
drop table if exists raw.sp2d;
create table raw.sp2d (
    kdsatker varchar, thang integer, bulan integer, no_sp2d varchar, tgl_sp2d date,
    kode_anggaran varchar, kdprogram varchar, kdgiat varchar, kdkro varchar, kdro varchar,
    kdkmpnen varchar, kdskmpnen varchar, kdakun varchar, kode_ro varchar,
    nilai decimal(18,2), jenis_spm varchar, uraian varchar, {LINEAGE}
);
drop table if exists raw.capaian_ro;
create table raw.capaian_ro (
    thang integer, bulan integer, kdsatker varchar, kode_ro varchar, satuan varchar,
    target decimal(18,4), volume decimal(18,4), {LINEAGE}
);
drop table if exists raw.pengaduan;
create table raw.pengaduan (
    snapshot_date date, kdsatker varchar, no_aduan varchar, tgl_aduan date, kanal varchar,
    negara_penempatan varchar, jenis_masalah varchar, status varchar, tgl_selesai date,
    hasil varchar, nilai_hak decimal(18,2), kode_ro varchar, pmi_key varchar,
    jenis_kelamin varchar, kelompok_umur varchar, kode_provinsi_asal varchar, {LINEAGE}
);
drop table if exists raw.peta_hasil;
create table raw.peta_hasil (
    thang integer, kdsatker varchar, kode_ro varchar, indikator_id varchar,
    porsi_pct decimal(9,2), {LINEAGE}
);
drop table if exists raw.indikator;
create table raw.indikator (
    thang integer, indikator_id varchar, nama varchar, tingkat varchar, satuan varchar,
    arah varchar, ukuran varchar, kdsatker varchar, target decimal(18,4), {LINEAGE}
);
drop table if exists raw.rpd;
create table raw.rpd (
    thang integer, kdsatker varchar, berlaku_mulai integer, jenis_belanja varchar,
    bulan integer, rencana decimal(18,2), {LINEAGE}
);
"""

D = Decimal
LOAD_DELAY = timedelta(hours=18)  # the nightly run after the file landed


def file_hash(file_name: str) -> str:
    return hashlib.sha256(file_name.encode()).hexdigest()


def budget_code(kode: str) -> dict[str, str]:
    program, giat, kro, ro, kmpnen, skmpnen, akun = kode.split(".")
    return {
        "kode_anggaran": kode,
        "kdprogram": program,
        "kdgiat": giat,
        "kdkro": kro,
        "kdro": ro,
        "kdkmpnen": kmpnen,
        "kdskmpnen": skmpnen,
        "kdakun": akun,
        "kode_ro": f"{giat}.{kro}.{ro}",
    }


class Fixture:
    def __init__(self) -> None:
        self.ledger: list[dict] = []
        self.tables: dict[str, list[dict]] = {
            "dipa": [],
            "sp2d": [],
            "capaian_ro": [],
            "pengaduan": [],
            "peta_hasil": [],
            "indikator": [],
            "rpd": [],
        }

    def add_file(
        self,
        feed: str,
        file_name: str,
        landed_at: datetime,
        delivery_key: str,
        rows: list[dict],
        *,
        kdsatker: str | None = None,
        thang: int | None = None,
        bulan: int | None = None,
        revisi: int | None = None,
        snapshot_date: date | None = None,
        money: str | None = None,
        error: str | None = None,
    ) -> None:
        digest = file_hash(file_name)
        source_file = f"{feed}/{file_name}"
        rejected = error is not None
        amount = sum((r[money] for r in rows), D("0")) if money and not rejected else None
        self.ledger.append(
            {
                "file_id": "id-" + digest,
                "file_hash": digest,
                "feed": feed,
                "file_name": file_name,
                "source_file": source_file,
                "kdsatker": kdsatker,
                "thang": thang,
                "bulan": bulan,
                "revisi": revisi,
                "snapshot_date": snapshot_date,
                "delivery_key": delivery_key,
                "landed_at": landed_at,
                "loaded_at": landed_at + LOAD_DELAY,
                "status": "rejected" if rejected else "loaded",
                "row_count": 0 if rejected else len(rows),
                "amount_total": amount,
                "error": error,
            }
        )
        if rejected:
            return
        for number, row in enumerate(rows, start=2):
            self.tables[feed].append(
                {
                    **row,
                    "_file_id": "id-" + digest,
                    "_file_hash": digest,
                    "_source_file": source_file,
                    "_row_number": number,
                }
            )

    def raw_tables(self) -> dict[str, list[dict]]:
        """Rows of every `raw` table (the ledger first), keyed by column name."""
        return {"file_ledger": self.ledger, **self.tables}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        con = duckdb.connect(str(path))
        try:
            con.execute(DDL)
            for table, rows in self.raw_tables().items():
                self._insert(con, table, rows)
        finally:
            con.close()

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
        columns = [c[0] for c in con.execute(f"describe raw.{table}").fetchall()]
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(
            f"insert into raw.{table} values ({placeholders})",
            [[row.get(c) for c in columns] for row in rows],
        )


def dipa_rows(kdsatker: str, revisi: int, lines: list[tuple[str, str, str, str]]) -> list[dict]:
    return [
        {
            "thang": 2025,
            "kdsatker": kdsatker,
            "revisi": revisi,
            **budget_code(kode),
            "uraian": uraian,
            "pagu": D(pagu),
            "blokir": D(blokir),
        }
        for kode, uraian, pagu, blokir in lines
    ]


def sp2d_rows(kdsatker: str, lines: list[tuple[str, date, str, str, str]]) -> list[dict]:
    return [
        {
            "kdsatker": kdsatker,
            "thang": tgl.year,
            "bulan": tgl.month,
            "no_sp2d": no_sp2d,
            "tgl_sp2d": tgl,
            **budget_code(kode),
            "nilai": D(nilai),
            "jenis_spm": "LS",
            "uraian": uraian,
        }
        for no_sp2d, tgl, kode, nilai, uraian in lines
    ]


# Budget codes used below.
GAJI = "WA.6013.EBA.994.001.A.511111"
OPS = "WA.6013.EBA.994.001.A.521111"
KASUS = "DL.6011.QAH.001.051.A.524111"
PULANG = "DL.6011.QAH.002.051.A.524111"
SOSIAL = "DL.6012.PBM.001.051.A.521211"
OPP = "DL.6012.QAH.001.051.A.526211"
DATA = "DL.6011.QMA.001.051.A.521211"  # not in any DIPA: SP2D only
ALAT = "WA.6013.EBB.951.001.A.532111"  # only in rev00 of 900104


def build() -> Fixture:
    fx = Fixture()

    # --- indikator: catalogue ('*') and targets for 900104 -------------------
    catalogue = [
        (
            "PL-01",
            "Persentase kasus PMI yang diselesaikan",
            "outcome",
            "%",
            "naik",
            "kasus_selesai_pct",
        ),
        ("PL-02", "Nilai hak PMI yang dipulihkan", "outcome", "Rp", "naik", "hak_dipulihkan_rp"),
        (
            "PL-03",
            "Median hari penyelesaian kasus",
            "outcome",
            "Hari",
            "turun",
            "median_hari_selesai",
        ),
        ("PL-04", "PMI yang dipulangkan", "outcome", "Orang", "naik", "pmi_dipulangkan"),
        (
            "OP-01",
            "Peserta sosialisasi migrasi aman",
            "output",
            "Orang",
            "naik",
            "volume_ro:6012.PBM.001",
        ),
        (
            "OP-02",
            "Laporan data pelindungan PMI",
            "output",
            "Laporan",
            "naik",
            "volume_ro:6011.QMA.001",
        ),
        ("OP-03", "Calon PMI peserta OPP", "output", "Orang", "naik", "volume_ro:6012.QAH.001"),
        ("DK-01", "Layanan perkantoran", "dukungan", "Layanan", "naik", "tidak_diukur"),
    ]
    targets = {
        "PL-01": "80",
        "PL-02": "1200000000",
        "PL-03": "30",
        "PL-04": "24",
        "OP-01": "1200",
        "DK-01": "12",
    }
    indikator = [
        {
            "thang": 2025,
            "indikator_id": i,
            "nama": nama,
            "tingkat": tingkat,
            "satuan": satuan,
            "arah": arah,
            "ukuran": ukuran,
            "kdsatker": "*",
            "target": None,
        }
        for i, nama, tingkat, satuan, arah, ukuran in catalogue
    ] + [
        {
            "thang": 2025,
            "indikator_id": i,
            "nama": None,
            "tingkat": None,
            "satuan": None,
            "arah": None,
            "ukuran": None,
            "kdsatker": "900104",
            "target": D(t),
        }
        for i, t in targets.items()
    ]
    fx.add_file(
        "indikator",
        "INDIKATOR_2025.csv",
        datetime(2025, 1, 3, 8),
        "indikator:2025",
        indikator,
        thang=2025,
    )

    # --- peta_hasil: an old file (superseded) and the current one ------------
    def peta(rows: list[tuple[str, str, str, str]]) -> list[dict]:
        return [
            {"thang": 2025, "kdsatker": k, "kode_ro": ro, "indikator_id": i, "porsi_pct": D(p)}
            for k, ro, i, p in rows
        ]

    fx.add_file(
        "peta_hasil",
        "PETA_HASIL_2025.csv",
        datetime(2025, 1, 4, 8),
        "peta_hasil:2025",
        peta([("*", "6012.PBM.001", "OP-01", "100"), ("*", "6013.EBA.994", "DK-01", "100")]),
        thang=2025,
    )
    fx.add_file(
        "peta_hasil",
        "PETA_HASIL_2025_koreksi.csv",
        datetime(2025, 2, 4, 8),
        "peta_hasil:2025",
        peta(
            [
                ("*", "6013.EBA.994", "DK-01", "100"),
                ("*", "6011.QAH.001", "PL-01", "50"),
                ("*", "6011.QAH.001", "PL-02", "30"),
                ("*", "6011.QAH.001", "PL-03", "20"),
                ("*", "6011.QAH.002", "PL-04", "100"),
                # office override for 900104: replaces the '*' rows of that RO
                ("900104", "6011.QAH.002", "PL-04", "60"),
                ("900104", "6011.QAH.002", "PL-01", "40"),
                # incomplete mapping: shares sum to 70 -> untraced
                ("", "6012.PBM.001", "OP-01", "70"),
                ("*", "6011.QMA.001", "OP-02", "100"),
                # 6012.QAH.001 has no mapping at all -> untraced
            ]
        ),
        thang=2025,
    )

    # --- dipa ----------------------------------------------------------------
    rev00 = dipa_rows(
        "900104",
        0,
        [
            (GAJI, "Belanja gaji pokok PNS", "550000000", "0"),
            (OPS, "Belanja keperluan perkantoran", "100000000", "0"),
            (KASUS, "Belanja perjalanan dinas biasa", "180000000", "0"),
            (PULANG, "Belanja perjalanan dinas biasa", "150000000", "0"),
            (SOSIAL, "Belanja bahan", "80000000", "0"),
            (ALAT, "Belanja peralatan dan mesin", "40000000", "0"),
        ],
    )
    fx.add_file(
        "dipa",
        "DIPA_900104_2025_rev00.csv",
        datetime(2025, 1, 5, 8),
        "dipa:900104:2025:0",
        rev00,
        kdsatker="900104",
        thang=2025,
        revisi=0,
        money="pagu",
    )
    rev01 = dipa_rows(
        "900104",
        1,
        [
            (GAJI, "Belanja gaji pokok PNS", "600000000", "0"),
            (OPS, "Belanja keperluan perkantoran", "120000000", "0"),
            (KASUS, "Belanja perjalanan dinas biasa", "200000000", "20000000"),
            (PULANG, "Belanja perjalanan dinas biasa", "150000000", "0"),
            (SOSIAL, "Belanja bahan", "80000000", "0"),
            (OPP, "Belanja barang untuk diserahkan kepada masyarakat", "50000000", "0"),
        ],
    )
    fx.add_file(
        "dipa",
        "DIPA_900104_2025_rev01.xlsx",
        datetime(2025, 2, 10, 8),
        "dipa:900104:2025:1",
        rev01,
        kdsatker="900104",
        thang=2025,
        revisi=1,
        money="pagu",
    )
    fx.add_file(
        "dipa",
        "DIPA_900199_2025_rev00.csv",
        datetime(2025, 1, 6, 8),
        "dipa:900199:2025:0",
        dipa_rows("900199", 0, [(OPS, "Belanja keperluan perkantoran", "50000000", "0")]),
        kdsatker="900199",
        thang=2025,
        revisi=0,
        money="pagu",
    )

    # --- sp2d ----------------------------------------------------------------
    jan_first = sp2d_rows(
        "900104",
        [
            ("250010100000001", date(2025, 1, 31), GAJI, "45000000.00", "Gaji Januari"),
            ("250010100000002", date(2025, 1, 20), OPS, "9999999.99", "Listrik Januari"),
        ],
    )
    fx.add_file(
        "sp2d",
        "SP2D_900104_202501.csv",
        datetime(2025, 2, 2, 8),
        "sp2d:900104:202501",
        jan_first,
        kdsatker="900104",
        thang=2025,
        bulan=1,
        money="nilai",
    )
    jan = sp2d_rows(
        "900104",
        [
            ("250010100000001", date(2025, 1, 31), GAJI, "50000000.00", "Gaji Januari"),
            ("250010100000002", date(2025, 1, 20), OPS, "10000000.00", "Listrik Januari"),
            (
                "250010100000003",
                date(2025, 1, 22),
                KASUS,
                "15000000.01",
                "Perjalanan penanganan kasus",
            ),
            ("250010100000003", date(2025, 1, 22), PULANG, "7000000.00", "Pemulangan PMI"),
        ],
    )
    fx.add_file(
        "sp2d",
        "SP2D_900104_202501_koreksi.csv",
        datetime(2025, 2, 5, 8),
        "sp2d:900104:202501",
        jan,
        kdsatker="900104",
        thang=2025,
        bulan=1,
        money="nilai",
    )
    feb = sp2d_rows(
        "900104",
        [
            ("250010100000010", date(2025, 2, 28), GAJI, "50000000.00", "Gaji Februari"),
            ("250010100000011", date(2025, 2, 14), OPS, "12000000.00", "Listrik Februari"),
            ("250010100000012", date(2025, 2, 17), OPS, "-500000.00", "Pengembalian belanja"),
            (
                "250010100000013",
                date(2025, 2, 18),
                SOSIAL,
                "8000000.00",
                "Sosialisasi migrasi aman",
            ),
            ("250010100000014", date(2025, 2, 19), OPP, "3000000.00", "Paket OPP"),
            (
                "250010100000015",
                date(2025, 2, 20),
                DATA,
                "2500000.00",
                "Pengolahan data (tanpa DIPA)",
            ),
        ],
    )
    fx.add_file(
        "sp2d",
        "SP2D_900104_202502.csv",
        datetime(2025, 3, 2, 8),
        "sp2d:900104:202502",
        feb,
        kdsatker="900104",
        thang=2025,
        bulan=2,
        money="nilai",
    )
    fx.add_file(
        "sp2d",
        "SP2D_900104_202503.xlsx",
        datetime(2025, 4, 2, 8),
        "sp2d:900104:202503",
        [],
        kdsatker="900104",
        thang=2025,
        bulan=3,
        money="nilai",
        error="kolom wajib 'nilai' tidak ditemukan",
    )
    fx.add_file(
        "sp2d",
        "SP2D_900199_202501.csv",
        datetime(2025, 2, 3, 8),
        "sp2d:900199:202501",
        sp2d_rows("900199", [("250019900000001", date(2025, 1, 15), OPS, "5000000.00", "ATK")]),
        kdsatker="900199",
        thang=2025,
        bulan=1,
        money="nilai",
    )

    # --- capaian_ro ----------------------------------------------------------
    def capaian(bulan: int, rows: list[tuple[str, str, str, str]]) -> list[dict]:
        return [
            {
                "thang": 2025,
                "bulan": bulan,
                "kdsatker": "900104",
                "kode_ro": ro,
                "satuan": satuan,
                "target": D(target),
                "volume": D(volume),
            }
            for ro, satuan, target, volume in rows
        ]

    fx.add_file(
        "capaian_ro",
        "CAPAIAN_900104_202501.csv",
        datetime(2025, 2, 6, 8),
        "capaian_ro:900104:202501",
        capaian(
            1, [("6012.PBM.001", "Orang", "1200", "50"), ("6011.QMA.001", "Laporan", "12", "1")]
        ),
        kdsatker="900104",
        thang=2025,
        bulan=1,
    )
    fx.add_file(
        "capaian_ro",
        "CAPAIAN_900104_202502.csv",
        datetime(2025, 3, 6, 8),
        "capaian_ro:900104:202502",
        capaian(
            2, [("6012.PBM.001", "Orang", "1200", "70"), ("6011.QMA.001", "Laporan", "12", "1")]
        ),
        kdsatker="900104",
        thang=2025,
        bulan=2,
    )

    # --- pengaduan: two snapshots of 900104 ----------------------------------
    def case(
        snapshot: date,
        no: str,
        tgl_aduan: date,
        status: str,
        tgl_selesai: date | None = None,
        hasil: str | None = None,
        nilai_hak: str = "0",
    ) -> dict:
        return {
            "snapshot_date": snapshot,
            "kdsatker": "900104",
            "no_aduan": no,
            "tgl_aduan": tgl_aduan,
            "kanal": "Langsung",
            "negara_penempatan": "Malaysia",
            "jenis_masalah": "Gaji tidak dibayar",
            "status": status,
            "tgl_selesai": tgl_selesai,
            "hasil": hasil,
            "nilai_hak": D(nilai_hak),
            "kode_ro": "6011.QAH.001",
            "pmi_key": hashlib.sha256(no.encode()).hexdigest(),
            "jenis_kelamin": "P",
            "kelompok_umur": "30-39",
            "kode_provinsi_asal": "35",
        }

    s1 = date(2025, 1, 31)
    fx.add_file(
        "pengaduan",
        "PENGADUAN_900104_20250131.csv",
        datetime(2025, 2, 1, 8),
        "pengaduan:900104",
        [
            case(s1, "PGD-2025-000001", date(2025, 1, 3), "Diterima"),
            case(
                s1,
                "PGD-2025-000002",
                date(2025, 1, 6),
                "Selesai",
                date(2025, 1, 16),
                "Gaji dibayar",
                "15000000",
            ),
            case(s1, "PGD-2025-000003", date(2025, 1, 10), "Dalam Proses"),
            case(
                s1,
                "PGD-2024-000099",
                date(2024, 12, 20),
                "Selesai",
                date(2025, 1, 15),
                "Dipulangkan",
            ),
        ],
        kdsatker="900104",
        thang=2025,
        snapshot_date=s1,
        money="nilai_hak",
    )
    s2 = date(2025, 2, 28)
    fx.add_file(
        "pengaduan",
        "PENGADUAN_900104_20250228.csv",
        datetime(2025, 3, 1, 8),
        "pengaduan:900104",
        [
            case(
                s2, "PGD-2025-000001", date(2025, 1, 3), "Selesai", date(2025, 2, 2), "Dipulangkan"
            ),
            case(
                s2,
                "PGD-2025-000002",
                date(2025, 1, 6),
                "Selesai",
                date(2025, 1, 16),
                "Gaji dibayar",
                "15000000",
            ),
            case(s2, "PGD-2025-000003", date(2025, 1, 10), "Mediasi"),
            case(
                s2,
                "PGD-2025-000004",
                date(2025, 2, 3),
                "Selesai",
                date(2025, 2, 8),
                "Jenazah dipulangkan",
            ),
            case(
                s2,
                "PGD-2025-000005",
                date(2025, 2, 10),
                "Selesai",
                date(2025, 2, 25),
                "Biaya dikembalikan",
                "2500000.50",
            ),
            case(
                s2,
                "PGD-2025-000006",
                date(2025, 2, 12),
                "Ditutup",
                date(2025, 2, 20),
                "Tidak dapat dihubungi",
            ),
            case(
                s2,
                "PGD-2024-000099",
                date(2024, 12, 20),
                "Selesai",
                date(2025, 1, 15),
                "Dipulangkan",
            ),
        ],
        kdsatker="900104",
        thang=2025,
        snapshot_date=s2,
        money="nilai_hak",
    )

    # --- rpd (Halaman III DIPA) -------------------------------------------------
    def plan(berlaku_mulai: int, monthly: dict[str, list[str]]) -> list[dict]:
        return [
            {
                "thang": 2025,
                "kdsatker": "900104",
                "berlaku_mulai": berlaku_mulai,
                "jenis_belanja": jenis,
                "bulan": bulan,
                "rencana": D(value),
            }
            for jenis, values in monthly.items()
            for bulan, value in enumerate(values, start=1)
            if bulan >= berlaku_mulai
        ]

    fx.add_file(
        "rpd",
        "RPD_900104_2025.csv",
        datetime(2025, 1, 20, 8),
        "rpd:900104:2025:01",
        plan(
            1,
            {
                "51": ["20000000.00"] * 12,
                "52": ["30000000.00", "12000000.00", "0.00"] + ["10000000.00"] * 9,
                "53": ["0.00"] * 12,
            },
        ),
        kdsatker="900104",
        thang=2025,
        bulan=1,
        money="rencana",
    )
    fx.add_file(
        "rpd",
        "RPD_900104_2025_revisi.xlsx",
        datetime(2025, 4, 15, 8),
        "rpd:900104:2025:04",
        plan(4, {"51": ["21000000.00"] * 12, "52": ["11000000.33"] * 12}),
        kdsatker="900104",
        thang=2025,
        bulan=4,
        money="rencana",
    )
    fx.add_file(
        "rpd",
        "RPD_900104_2025_2.csv",
        datetime(2025, 5, 2, 8),
        "rpd:900104:2025:01",
        [],
        kdsatker="900104",
        error="baris 4, kolom 'jenis belanja': jenis belanja 'Belanja Lain-lain' tidak dikenal",
    )
    return fx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="DuckDB file to (re)create")
    args = parser.parse_args()
    build().write(args.path)
    print(f"raw fixture written to {args.path}")


if __name__ == "__main__":
    main()
