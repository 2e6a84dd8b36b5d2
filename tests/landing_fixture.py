"""A small landing folder whose every number is worked out by hand in `EXPECTED`.

Office 900104 (BP3MI Jawa Timur), thang 2026:

DIPA rev00 (csv) is superseded in force by rev01 (xlsx with title rows and a
JUMLAH row):
  L1 DL.6011.QAH.001.051.A.524111  pagu 120.000.000,00  blokir 10.000.000,00
  L2 WA.6013.EBA.994.001.A.521111  pagu  50.000.000,00
  L3 WA.6013.EBB.951.001.A.532111  pagu  20.000.000,00  (RO 6013.EBB.951 unmapped)
  => pagu 190.000.000,00, blokir 10.000.000,00, spendable 180.000.000,00

SP2D:
  202601 (`;`, Windows-1252, `Rp`): L1 30.000.000,00; L1 refund (1.000.000,50);
         L2 10.000.000,00; L3 5.000.000,00                => 43.999.999,50
  202602 (xlsx) is replaced by 202602_koreksi (`,` UTF-8 BOM, plain decimals):
         L1 25.000.000,01; X DL.6012.PBM.001.051.A.524111 (not in DIPA) 3.000.000,00
                                                            => 28.000.000,01
  202603 lacks the `nilai` column -> rejected; 202604.xlsx is corrupt -> rejected
  => m = 2, realisasi 71.999.999,51
  per line: L1 28.999.999,50 + 25.000.000,01 = 53.999.999,51; L2 10.000.000,00;
            L3 5.000.000,00; X 3.000.000,00

Mapping: `*` 6011.QAH.001 -> PL-01 50 / PL-02 30 / PL-04 20, overridden for 900104
by PL-01 60 / PL-02 40; `*` 6013.EBA.994 -> DK-01 100; `*` 6012.PBM.001 -> OP-02 80
(sums to 80: untraced).
  traced   = L1 + L2 = 63.999.999,51; untraced = L3 + X = 8.000.000,00
  L1 allocation: 53.999.999,51 x 60% = 32.399.999,706 -> 32.399.999,71
                 53.999.999,51 x 40% = 21.599.999,804 -> 21.599.999,80 (sum exact)

Cases (latest snapshot 20260228; the 20260131 snapshot is history):
  C0 2025-12-20 Selesai (not a case of 2026)
  C1 2026-01-05 Selesai 2026-01-25 (20 days), Gaji dibayar, hak 15.000.000,00,
     NIK 3578015203900001 (woman, born 12-03-1990 -> 35 at complaint: 30-39, prov 35)
  C2 2026-01-20 Selesai 2026-02-19 (30 days), Dipulangkan; no NIK, passport C1234567
     (Dalam Proses in the January snapshot)
  C3 2026-02-10 Dalam Proses, malformed NIK, no passport -> pmi_key NULL
  C4 2026-02-15 Ditutup 2026-02-20, Tidak dapat dihubungi (closed, not resolved)
  => 4 cases, 2 selesai (50,00 %), hak 15.000.000,00, dipulangkan 1, median 25 days

Office 900110 spends without a DIPA: SP2D 202601 L2-like line 1.000.000 (traced, DK-01).

RPD (Halaman III DIPA) of 900104: the January plan (long csv) plans type 52
40.000.000 in January, 30.000.000 in February, 9.000.000 a month after; type 53
4.000.000 in January, nothing in February (no row: 0), 1.600.000 a month
after. The April update (wide xlsx, berlaku_mulai April) plans 52 at
12.000.000 and 53 at 1.600.000 from April; its 99.000.000 for January-March
are ignored (6 values, counted in the ledger).
  yearly plan in force 40 + 30 + 9 + 9 x 12 = 187.000.000 (52) and
  4 + 0 + 1,6 + 9 x 1,6 = 20.000.000 (53) => 207.000.000 against pagu - blokir
  180.000.000: 15 % off -> warning rpd_plan_matches_pagu
  pagu_efektif: 52 = 110.000.000 (L1) + 50.000.000 (L2) = 160.000.000; 53 = 20.000.000 (L3)
  January: 52 plan 40.000.000 vs 38.999.999,50 -> 2,50000125 %; 53 plan 4.000.000
           vs 5.000.000 -> 25 %; weighted (160 x 2,50000125 + 20 x 25) / 180 = 5,0000011...
  February: 52 plan 30.000.000 vs 28.000.000,01 -> 6,6666666333 %; 53 plan 0 vs 0 -> 0;
           weighted 160 x 6,6666666333 / 180 = 5,9259258963
  deviasi_rpd_pct (5,0000011 + 5,9259259) / 2 = 5,4629635 -> 5,46;
  nilai_deviasi 100 - (5,4629635 - 5) = 99,5370365 -> 99,54
  m = 2: no quarter closed -> nilai_penyerapan, nilai_eksekusi NULL
  capaian: 6012.PBM.001 150 against 600 x 2 / 12 = 100 -> 150 % -> 100,00
  travel etc. (524111: perjalanan dan rapat): L1 53.999.999,51 + X 3.000.000,00 =
  56.999.999,51 = 79,1666665 % of 71.999.999,51 -> 79,17; per resolved case /2 =
  28.499.999,755 -> 28.499.999,76 (half even)
900110 has no RPD: its deviation is NULL, not 0.

Indicators with 900104 targets: PL-01 80 (%), PL-02 120.000.000 (Rp, cumulative),
PL-04 30 (Hari, turun), OP-02 600 (Orang, volume_ro:6012.PBM.001), DK-01 (no target).
Capaian RO 6012.PBM.001: 100 in January + 50 in February = 150.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import openpyxl

D = Decimal

PII_VALUES = [
    "3578015203900001",
    "C1234567",
    "081234567890",
    "Siti Ma'rifah",
    "Budi Santoso",
    "+6281298765432",
    "3578014506920002",
    "3578010101850003",  # C0's NIK
    "628111222333",  # C0's phone
    "Ahmad Fauzi",
    "Dewi Lestari",
]


def _write(path: Path, text: str, encoding: str = "utf-8", mtime: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    if mtime:
        os.utime(path, (mtime, mtime))


def _xlsx(path: Path, rows: list[list[object]], mtime: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    if mtime:
        os.utime(path, (mtime, mtime))


def _ts(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


def build_landing(root: Path) -> Path:
    """Write the fixture landing folder under `root` and return it."""
    land = root / "landing"
    _write(
        land / "dipa" / "DIPA_900104_2026_rev00.csv",
        "thang;kdsatker;kode_anggaran;uraian;pagu;blokir\n"
        "2026;900104;DL.6011.QAH.001.051.A.524111;Perjalanan dinas biasa;100.000.000,00;\n"
        "2026;900104;WA.6013.EBA.994.001.A.521111;Operasional perkantoran;50.000.000,00;0\n"
        "2026;900104;WA.6013.EBB.951.001.A.532111;Peralatan dan mesin;20.000.000,00;\n",
        mtime=_ts("2026-01-02T02:00:00"),
    )
    _xlsx(
        land / "dipa" / "DIPA_900104_2026_rev01.xlsx",
        [
            ["DAFTAR ISIAN PELAKSANAAN ANGGARAN"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            [],
            [
                "Tahun Anggaran",
                "Kode Satker",
                "Revisi Ke",
                "kdprogram",
                "kdgiat",
                "kdkro",
                "kdro",
                "kdkmpnen",
                "kdskmpnen",
                "kdakun",
                "Uraian Akun",
                "Pagu Revisi (Rp)",
                "Pagu Blokir",
            ],
            [
                2026,
                "900104 - BP3MI Jawa Timur",
                1,
                "DL",
                6011,
                "QAH",
                "001",
                "051",
                "A",
                524111,
                "Perjalanan dinas biasa",
                120000000,
                "10.000.000,00",
            ],
            [
                2026,
                "900104",
                1,
                "WA",
                "6013",
                "EBA",
                "994",
                "001",
                "A",
                "521111",
                "Operasional perkantoran",
                "50.000.000,00",
                None,
            ],
            [
                2026,
                "900104",
                1,
                "WA",
                "6013",
                "EBB",
                "951",
                "001",
                "A",
                "532111",
                "Peralatan dan mesin",
                20000000.0,
                0,
            ],
            ["JUMLAH", None, None, None, None, None, None, None, None, None, None, 190000000, None],
        ],
        mtime=_ts("2026-02-03T02:00:00"),
    )
    _write(
        land / "sp2d" / "SP2D_900104_202601.csv",
        "Kode Satker;No SP2D;Tgl SP2D;Kode Anggaran;Nilai SP2D;Jenis SPM;Uraian\n"
        "900104 - BP3MI Jawa Timur;260000000000001;5 Januari 2026;"
        '2026.900104.DL.6011.QAH.001.051.A.524111;Rp 30.000.000,00;LS;"Perjalanan; ke Ngurah Ra\'i\n2 orang"\n'
        "900104;260000000000001;05/01/2026;WA.6013.EBA.994.001.A.521111;Rp10.000.000;LS;Operasional\n"
        "900104;260000000000002;12-01-2026;WA.6013.EBB.951.001.A.532111;5.000.000,00;GU;Laptop é\n"
        "900104;260000000000003;28 Jan 2026;DL.6011.QAH.001.051.A.524111;(1.000.000,50);;pengembalian belanja\n",
        encoding="cp1252",
        mtime=_ts("2026-02-03T02:00:00"),
    )
    _xlsx(
        land / "sp2d" / "SP2D_900104_202602.xlsx",
        [
            ["DAFTAR SP2D"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            ["Periode : Februari 2026"],
            [
                "kdsatker",
                "nosp2d",
                "tanggal",
                "kode akun lengkap",
                "Jumlah (Rp)",
                "jenis",
                "keterangan",
            ],
            [
                "900104",
                "260000000000010",
                dt.date(2026, 2, 4),
                "DL.6011.QAH.001.051.A.524111",
                20000000.01,
                "LS",
                "perjalanan",
            ],
            ["TOTAL", None, None, None, 20000000.01, None, None],
        ],
        mtime=_ts("2026-03-03T02:00:00"),
    )
    _write(
        land / "sp2d" / "SP2D_900104_202602_koreksi.csv",
        "\ufeffkdsatker,no_sp2d,tgl_sp2d,kode_anggaran,nilai,jenis_spm,uraian\n"
        "900104,260000000000010,2026-02-04,DL.6011.QAH.001.051.A.524111,25000000.01,LS,perjalanan\n"
        '900104,260000000000011,2026-02-20,DL.6012.PBM.001.051.A.524111,3000000.00,LS,"sosialisasi, desa"\n',
        mtime=_ts("2026-03-05T02:00:00"),
    )
    _write(
        land / "sp2d" / "SP2D_900104_202603.csv",
        "kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;uraian\n"
        "900104;260000000000020;2026-03-02;DL.6011.QAH.001.051.A.524111;tanpa nilai\n",
        mtime=_ts("2026-04-03T02:00:00"),
    )
    _write(
        land / "sp2d" / "SP2D_900104_202604.xlsx",
        "PK\x03\x04 not really a zip",
        mtime=_ts("2026-05-03T02:00:00"),
    )
    _write(
        land / "sp2d" / "SP2D_900110_202601.csv",
        "satker,nomor sp2d,tanggal sp2d,kode_anggaran,realisasi\n"
        "900110,260000000000100,15-01-2026,WA.6013.EBA.994.001.A.521111,1.000.000\n",
        mtime=_ts("2026-02-03T02:00:00"),
    )
    _write(
        land / "capaian_ro" / "CAPAIAN_900104_202601.csv",
        "thang;bulan;kdsatker;kode ro;satuan;target;realisasi volume\n"
        "2026;Januari;900104;6012.PBM.001;Orang;600;100\n",
        mtime=_ts("2026-02-03T02:00:00"),
    )
    _xlsx(
        land / "capaian_ro" / "CAPAIAN_900104_202602.xlsx",
        [
            ["CAPAIAN RO"],
            [
                "tahun",
                "periode",
                "satker",
                "kdgiat",
                "kode kro/ro",
                "satuan output",
                "target output ro",
                "rvro",
            ],
            [2026, 2, "900104 - BP3MI Jawa Timur", 6012, "PBM.001", "Orang", 600, 50],
        ],
        mtime=_ts("2026-03-03T02:00:00"),
    )
    header = (
        "No Aduan;Tanggal Pengaduan;Kanal;Unit Penanganan;Nama PMI;NIK;No Paspor;No HP;"
        "Jenis Kelamin;Negara Penempatan;Jenis Masalah;Status;Tanggal Selesai;"
        "Hasil Penyelesaian;Nilai Hak Dipulihkan;Kode RO Pembiayaan\n"
    )
    c0 = (
        "PGD-2025-000900;20-12-2025;Telepon;900104;Budi Santoso;3578010101850003;;628111222333;"
        "L;Malaysia;Overstay;Selesai;30-12-2025;Dipulangkan;;6011.QAH.002\n"
    )
    c1 = (
        "PGD-2026-000001;05-01-2026;Langsung;900104;Siti Ma'rifah;3578015203900001;;081234567890;"
        "P;Taiwan;Gaji tidak dibayar;Selesai;25-01-2026;Gaji dibayar;Rp 15.000.000,00;6011.QAH.001\n"
    )
    c2_open = (
        "PGD-2026-000002;20-01-2026;Email;900104;Ahmad Fauzi;;C1234567;+6281298765432;"
        "Laki-laki;Arab Saudi;Ingin dipulangkan;Dalam Proses;;;;6011.QAH.002\n"
    )
    c2_done = (
        "PGD-2026-000002;20-01-2026;Email;900104;Ahmad Fauzi;;C1234567;+6281298765432;"
        "Laki-laki;Arab Saudi;Ingin dipulangkan;Selesai;19-02-2026;Dipulangkan;;6011.QAH.002\n"
    )
    c3 = (
        "PGD-2026-000003;10-02-2026;SMS;900104;Dewi Lestari;12345;;;"
        "P;Hong Kong;PMI sakit;Dalam Proses;;;;\n"
    )
    c4 = (
        "PGD-2026-000004;15-02-2026;e-Pengaduan;900104;Rina;3578014506920002;;;"
        "P;Malaysia;Hilang kontak;Ditutup;20-02-2026;Tidak dapat dihubungi;;6011.QAH.001\n"
    )
    _write(
        land / "pengaduan" / "PENGADUAN_900104_20260131.csv",
        header + c0 + c1 + c2_open,
        encoding="cp1252",
        mtime=_ts("2026-02-01T02:00:00"),
    )
    _write(
        land / "pengaduan" / "PENGADUAN_900104_20260228.csv",
        header + c0 + c1 + c2_done + c3 + c4,
        encoding="cp1252",
        mtime=_ts("2026-03-01T02:00:00"),
    )
    _write(
        land / "peta_hasil" / "PETA_HASIL_2026.csv",
        "thang,kdsatker,kode ro,indikator,porsi (%)\n"
        "2026,*,6011.QAH.001,PL-01,50\n"
        "2026,*,6011.QAH.001,PL-02,30\n"
        "2026,*,6011.QAH.001,PL-04,20\n"
        "2026,900104,6011.QAH.001,PL-01,60\n"
        "2026,900104,6011.QAH.001,PL-02,40\n"
        "2026,*,6013.EBA.994,DK-01,100\n"
        "2026,,6012.PBM.001,OP-02,80\n",
        mtime=_ts("2026-01-10T02:00:00"),
    )
    _write(
        land / "indikator" / "INDIKATOR_2026.csv",
        "thang;kode indikator;nama indikator;tingkat;satuan;arah;ukuran;kdsatker;target\n"
        "2026;PL-01;Persentase kasus selesai;outcome;%;naik;kasus_selesai_pct;*;\n"
        "2026;PL-02;Nilai hak PMI dipulihkan;outcome;Rp;naik;hak_dipulihkan_rp;*;\n"
        "2026;PL-04;Median hari penyelesaian;outcome;Hari;turun;median_hari_selesai;*;\n"
        "2026;OP-02;Masyarakat tersosialisasi;output;Orang;naik;volume_ro:6012.PBM.001;*;\n"
        "2026;DK-01;Layanan dukungan;dukungan;Layanan;naik;tidak_diukur;*;\n"
        "2026;PL-01;Persentase kasus selesai;outcome;%;naik;kasus_selesai_pct;900104;80\n"
        "2026;PL-02;Nilai hak PMI dipulihkan;outcome;Rp;naik;hak_dipulihkan_rp;900104;120.000.000\n"
        "2026;PL-04;Median hari penyelesaian;outcome;Hari;turun;median_hari_selesai;900104;30\n"
        "2026;OP-02;Masyarakat tersosialisasi;output;Orang;naik;volume_ro:6012.PBM.001;900104;600\n",
        mtime=_ts("2026-01-10T02:00:00"),
    )
    # RPD (Halaman III DIPA): the January plan in the long layout (types as names,
    # months as names, 53 has no February row: planned 0)...
    plan_52 = [("Januari", "40.000.000,00"), ("Februari", "30.000.000,00")] + [
        (month, "9.000.000,00")
        for month in (
            "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember",
        )
    ]  # fmt: skip
    plan_53 = [("Januari", "4.000.000,00")] + [
        (month, "1.600.000,00")
        for month in (
            "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember",
        )
    ]  # fmt: skip
    _write(
        land / "rpd" / "RPD_900104_2026.csv",
        "thang;kdsatker;jenis belanja;bulan;rencana\n"
        + "".join(f"2026;900104;Belanja Barang;{m};{v}\n" for m, v in plan_52)
        + "".join(f"2026;900104;Belanja Modal;{m};{v}\n" for m, v in plan_53),
        mtime=_ts("2026-01-15T02:00:00"),
    )
    # ...and an update from April in SAKTI's wide layout. Its January-March values
    # (99.000.000) must be ignored: the plan of a month already past never changes.
    _xlsx(
        land / "rpd" / "RPD_900104_2026_revisi.xlsx",
        [
            ["HALAMAN III DIPA"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            ["Berlaku mulai", "April"],
            [],
            ["Tahun", "Kode Satker", "Berlaku Mulai", "Jenis Belanja",
             "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des",
             "Jumlah"],
            [2026, "900104", "April", "52", *([99000000] * 3), *([12000000] * 9), 405000000],
            [2026, "900104", "April", "53", *([99000000] * 3), *(["1.600.000,00"] * 9), 311400000],
            ["JUMLAH", None, None, None, *([198000000] * 3), *([13600000] * 9), 716400000],
        ],
        mtime=_ts("2026-04-10T02:00:00"),
    )  # fmt: skip
    return land


# Worked out by hand in the module docstring.
EXPECTED = {
    "realisasi_900104": D("71999999.51"),
    "realisasi_900110": D("1000000.00"),
    "traced_900104": D("63999999.51"),
    "untraced_900104": D("8000000.00"),
    "tanpa_dipa_900104": D("3000000.00"),
    "pagu_900104": D("190000000.00"),
    "blokir_900104": D("10000000.00"),
    "month_900104": {1: D("43999999.50"), 2: D("28000000.01")},
    "line_realisasi_900104": {
        "DL.6011.QAH.001.051.A.524111": D("53999999.51"),
        "WA.6013.EBA.994.001.A.521111": D("10000000.00"),
        "WA.6013.EBB.951.001.A.532111": D("5000000.00"),
        "DL.6012.PBM.001.051.A.524111": D("3000000.00"),
    },
    "allocation_L1": {"PL-01": D("32399999.71"), "PL-02": D("21599999.80")},
}
