"""Write the ingestion test corpus: one small landing folder per case.

Run `python tests/corpus/build_corpus.py` to regenerate; the files are
committed so a reviewer can open each one. `expected.json` beside this script
says, per case, what loading it must give: the status, the rows and rupiah, or
the words the rejection must contain. Every format variant and every rejection
reason of `../shared/specs/source-exports.md` has a case.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2026, 1, 1)


def _text(case: str, feed: str, name: str, text: str, encoding: str = "utf-8") -> None:
    path = HERE / case / feed / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def _xlsx(
    case: str, feed: str, name: str, rows: list[list[object]], formats: dict | None = None
) -> None:
    path = HERE / case / feed / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    for row in rows:
        ws.append(row)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(row=r, column=c).number_format = fmt
    wb.save(path)


L1 = "DL.6011.QAH.002.051.A.524111"
PII_HEADER = (
    "No Aduan;Tanggal Pengaduan;Kanal;Unit Penanganan;Nama PMI;NIK;No Paspor;No HP;Jenis Kelamin;"
    "Negara Penempatan;Jenis Masalah;Status;Tanggal Selesai;Hasil Penyelesaian;"
    "Nilai Hak Dipulihkan;Kode RO Pembiayaan\n"
)
RPD_HEADER = "thang;kdsatker;jenis belanja;bulan;rencana\n"
MONTH_HEADERS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def build() -> None:
    """Write every case folder (the previous corpus is removed first)."""
    for child in HERE.iterdir():
        if child.is_dir():
            shutil.rmtree(child)

    # ---- format variants that must load ----------------------------------
    _text(
        "dipa_csv_semicolon_cp1252_rp_prefixed_code",
        "dipa",
        "DIPA_900104_2026_rev00.csv",
        "Tahun Anggaran;Kode Satker;Kode Akun Lengkap;Uraian Akun;Pagu (Rp);Pagu Blokir\n"
        f"2026;900104 - BP3MI Jawa Timur;2026.900104.{L1};Perjalanan ke Ngurah Ra'i;Rp 1.234.567,00;\n"
        "2026;900104;WA.6013.EBA.994.001.A.521111;Operasional é;Rp2.000.000;Rp 500.000,00\n",
        "cp1252",
    )
    _xlsx(
        "dipa_xlsx_title_rows_seven_columns_total",
        "dipa",
        "DIPA_900104_2026_rev01_koreksi.xlsx",
        [
            ["DAFTAR ISIAN PELAKSANAAN ANGGARAN (DIPA)"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            ["Periode : Januari s.d. Desember 2026"],
            [],
            [None],
            [
                "THANG",
                "KDSATKER",
                "REV",
                "kdprogram",
                "kdgiat",
                "kdkro",
                "kdro",
                "kdkmpnen",
                "kdskmpnen",
                "kdakun",
                "nmakun",
                "Pagu",
                "Blokir",
                "Keterangan tambahan",
            ],
            [
                2026,
                900104,
                1,
                "DL",
                6011,
                "QAH",
                2,
                51,
                "A",
                524111,
                "Perjalanan",
                1234567.5,
                None,
                "x",
            ],
            [
                "2026",
                "900104",
                "1",
                "WA",
                "6013",
                "EBA",
                "994",
                "001",
                "A",
                "521111",
                "Operasional",
                "2.000.000,00",
                "0",
                None,
            ],
            [
                "JUMLAH",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                3234567.5,
                None,
                None,
            ],
        ],
    )
    _text(
        "sp2d_csv_comma_utf8_bom_quoted_newline",
        "sp2d",
        "SP2D_900104_202603.csv",
        "\ufeffkdsatker,no_sp2d,tgl_sp2d,kode_anggaran,nilai,jenis_spm,uraian\n"
        f'900104,260000000000001,2026-03-05,{L1},1234567.00,LS,"Perjalanan, Surabaya\nhari 2"\n'
        f"900104,260000000000002,31/03/2026,{L1},-1000.50,,pengembalian belanja\n",
    )
    _xlsx(
        "sp2d_xlsx_date_cell_serial_text_negatives",
        "sp2d",
        "SP2D_900104_202603 (1).xlsx",
        [
            ["MONITORING SP2D"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            ["Periode : Maret 2026"],
            [
                "Kode Satker",
                "Nomor SP2D",
                "Tanggal SP2D",
                "Kode Anggaran",
                "Nilai SP2D",
                "Jenis SPM",
                "Deskripsi",
            ],
            [
                "900104 - BP3MI Jawa Timur",
                "260000000000011",
                dt.date(2026, 3, 2),
                L1,
                1000000,
                "LS",
                "a",
            ],
            ["900104", 260000000000012, 46086, L1, "(250.000,00)", "gup", "b"],
            ["900104", "260000000000013", "17 Maret 2026", L1, "Rp 3.000.000,50", "TUP", "c"],
            ["900104", "260000000000014", "9 Mar 2026", L1, -500, "UP", "d"],
            ["Jumlah Total", None, None, None, 3249999.5, None, None],
        ],
    )
    _text(
        "sp2d_csv_header_synonyms_money_forms",
        "sp2d",
        "SP2D_900104_202603_2.csv",
        "Satker;No. SP2D;Tanggal;Kode Akun Lengkap;Jumlah (Rp);Jenis;Keterangan;Kolom Lain\n"
        f"900104;260000000000021;01-03-2026;{L1};1.234.567;LS;x;abc\n"
        f"900104;260000000000022;02-03-2026;{L1};-1.234.567,00;LS;refund;\n"
        f"900104;260000000000023;3 Mar 2026;{L1};Rp1.000;PTUP;y;\n"
        f"900104;260000000000024;4 Maret 2026;{L1};1234567;GU;z;\n",
        "utf-8",
    )
    _xlsx(
        "capaian_xlsx_month_name_kode_without_kegiatan",
        "capaian_ro",
        "CAPAIAN_900104_202603.xlsx",
        [
            ["CAPAIAN RO"],
            [],
            [
                "Tahun",
                "Periode",
                "Satker",
                "Kode Kegiatan",
                "Kode KRO/RO",
                "Satuan Output",
                "Volume Target",
                "Volume Bulan Ini",
            ],
            [2026, "Maret", "900104 - BP3MI Jawa Timur", 6011, "QAH.002", "Orang", 120, 7],
            [2026, "Maret", "900104", "6012", "PBM.001", "Orang", "1.500", "0"],
        ],
    )
    _text(
        "capaian_csv_numeric_month_negative_volume",
        "capaian_ro",
        "CAPAIAN_900104_202603.csv",
        "thang,bulan,kdsatker,kode ro,satuan,target,rvro\n"
        "2026,3,900104,6011.QAH.002,Orang,120,-2\n",
    )
    _text(
        "pengaduan_csv_cp1252_personal_data",
        "pengaduan",
        "PENGADUAN_900104_20260331.csv",
        PII_HEADER + "PGD-2026-000001;05-01-2026;Langsung;900104 - BP3MI Jawa Timur;Fauzi Ma'ruf;"
        "3578011203900001;;081234567890;Laki-laki;Malaysia;Gaji tidak dibayar;Selesai;"
        "25 Januari 2026;Gaji dibayar;Rp 15.000.000,00;6011.QAH.001\n"
        + "PGD-2026-000002;20-01-2026;Telepon;900104;Siti Aïsyah;'3578015203900002;B7654321;"
        "+6281298765432;P;Taiwan;PMI sakit;dalam proses;;;;\n"
        + "PGD-2026-000003;10-02-2026;SMS;900104;Tanpa Identitas;123;;628111222333;"
        "Perempuan;Hong Kong;Lainnya;Ditutup;01-02-2026;Tidak dapat dihubungi;;\n",
        "cp1252",
    )
    _xlsx(
        "pengaduan_xlsx_date_cells",
        "pengaduan",
        "PENGADUAN_900104_20260331.xlsx",
        [
            [
                "Nomor Pengaduan",
                "Tgl Aduan",
                "Saluran",
                "kdsatker",
                "Nama",
                "No KTP",
                "Paspor",
                "Telepon",
                "L/P",
                "Negara",
                "Kategori",
                "Status Kasus",
                "Tgl Selesai",
                "Hasil",
                "Nilai Pemulihan (Rp)",
                "RO",
            ],
            [
                "PGD-2026-000010",
                dt.date(2026, 2, 1),
                "Email",
                900104,
                "Budi",
                3578010101850003,
                None,
                None,
                "L",
                "Arab Saudi",
                "Ingin dipulangkan",
                "Selesai",
                dt.date(2026, 3, 1),
                "Dipulangkan",
                None,
                "6011.QAH.002",
            ],
        ],
    )
    _text(
        "peta_hasil_csv_star_and_office_rows",
        "peta_hasil",
        "PETA_HASIL_2026.csv",
        "thang;kdsatker;kode ro;kode indikator;porsi (%)\n"
        "2026;*;6011.QAH.001;PL-01;50\n"
        "2026;;6011.QAH.001;PL-02;50,5\n"
        "2026;900104 - BP3MI Jawa Timur;6011.QAH.001;PL-01;100\n",
    )
    _xlsx(
        "indikator_xlsx_synonyms",
        "indikator",
        "INDIKATOR_2026.xlsx",
        [
            [
                "Tahun",
                "Indikator",
                "Uraian",
                "Level",
                "Satuan",
                "Polaritas",
                "Sumber Data",
                "Satker",
                "Target",
            ],
            [
                2026,
                "PL-01",
                "Persentase kasus selesai",
                "Outcome",
                "%",
                "Naik",
                "kasus_selesai_pct",
                "*",
                None,
            ],
            [
                2026,
                "OP-01",
                "Peserta OPP",
                "output",
                "orang",
                "naik",
                "volume_ro:6012.QAH.001",
                "*",
                None,
            ],
            [
                2026,
                "PL-01",
                "Persentase kasus selesai",
                "outcome",
                "%",
                "naik",
                "kasus_selesai_pct",
                900104,
                80,
            ],
        ],
    )
    _text(
        "unknown_office_loads",
        "sp2d",
        "SP2D_999999_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n999999;260000000000031;05-03-2026;{L1};100\n",
    )
    _text(
        "rpd_csv_long_semicolon_cp1252_month_names",
        "rpd",
        "RPD_900104_2026.csv",
        "Tahun Anggaran;Kode Satker;Jenis Belanja;Bulan;Rencana Penarikan (Rp);Keterangan\n"
        "2026;900104 - BP3MI Jawa Timur;51;Januari;Rp 150.000.000,00;gaji pokok é\n"
        "2026;900104;52;januari;25.500.000,50;\n"
        "2026;900104;Belanja Pegawai;Februari;150.000.000;\n"
        "2026;900104; barang ;Februari;1234567;Ngurah Ra'i\n"
        "2026;900104;57;Mar;0;\n"
        "2026;900104;Modal;Agt;Rp1.000.000;\n",
        "cp1252",
    )
    _xlsx(
        "rpd_xlsx_wide_title_rows_short_months_berlaku_mulai",
        "rpd",
        "RPD_900104_2026_koreksi.xlsx",
        [
            ["HALAMAN III DIPA: RENCANA PENARIKAN DANA"],
            ["Satker : 900104 - BP3MI Jawa Timur"],
            ["Periode : Januari s.d. Desember 2026"],
            [],
            [
                "Tahun",
                "Satker",
                "Berlaku Mulai",
                "Jenis Belanja",
                *("JAN", "Feb", "Mar", "Apr", "Mei", "Jun"),
                *("Jul", "Agt", "Sep", "Okt", "Nov", "Des."),
                "Jumlah",
            ],
            [
                2026,
                "900104 - BP3MI Jawa Timur",
                4,
                "Belanja Pegawai",
                *([10000000] * 3),
                *([12000000] * 9),
                138000000,
            ],
            [
                "2026",
                900104,
                "April",
                "barang",
                *(["5.000.000"] * 3),
                "7.500.000,50",
                None,
                3000000,
                *([None] * 5),
                2500000.25,
                28000000.75,
            ],
            [
                2026,
                "900104",
                "4",
                "MODAL",
                *([None] * 8),
                "Rp 50.000.000",
                None,
                None,
                None,
                50000000,
            ],
            [
                2026,
                "900104",
                4,
                "Bantuan  Sosial",
                1000,
                *([None] * 8),
                1234.5,
                None,
                None,
                2234.5,
            ],
            [
                "JUMLAH",
                None,
                None,
                None,
                15001000,
                *([15000000] * 2),
                19500000.5,
                12000000,
                15000000,
                *([12000000] * 2),
                62000000,
                12001234.5,
                12000000,
                14500000.25,
                216002235.25,
            ],
        ],
    )
    _text(
        "rpd_csv_wide_full_month_names",
        "rpd",
        "RPD_900104_2026.csv",
        "\ufeffthang,kdsatker,Mulai Bulan,Jenis,Januari,Februari,Maret,April,Mei,Juni,Juli,"
        "Agustus,September,Oktober,November,Desember,Total\n"
        "2026,900104,,51" + ",1000000" * 12 + ",12000000\n"
        '2026,900104,,53,"2.500.000,50",,,,,500000,,,,,,,"3.000.000,50"\n'
        "TOTAL,,,,"
        + ",".join(["3500000.50"] + ["1000000"] * 4 + ["1500000"] + ["1000000"] * 6)
        + ",15000000.50\n",
    )

    # ---- files that must be rejected -------------------------------------
    _text("reject_corrupt_xlsx", "sp2d", "SP2D_900104_202603.xlsx", "PK\x03\x04 this is not a zip")
    _text(
        "reject_missing_required_column",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;uraian\n900104;260000000000001;05-03-2026;{L1};x\n",
    )
    _text(
        "reject_rows_disagree_with_name",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900105;260000000000001;05-03-2026;{L1};100\n",
    )
    _text(
        "reject_date_outside_file_month",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900104;260000000000001;05-04-2026;{L1};100\n",
    )
    _text(
        "reject_duplicate_sp2d_key",
        "sp2d",
        "SP2D_900104_202603.csv",
        "kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n"
        f"900104;260000000000001;05-03-2026;{L1};100\n900104;260000000000001;06-03-2026;{L1};200\n",
    )
    _text(
        "reject_duplicate_dipa_line",
        "dipa",
        "DIPA_900104_2026_rev02.csv",
        f"thang;kdsatker;kode_anggaran;pagu\n2026;900104;{L1};100\n2026;900104;{L1};200\n",
    )
    _text(
        "reject_unparseable_money",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900104;260000000000001;05-03-2026;{L1};12.34,5x\n",
    )
    _text(
        "reject_unparseable_date",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900104;260000000000001;5 March 2026;{L1};100\n",
    )
    _text(
        "reject_bad_file_name",
        "sp2d",
        "SP2D_900104_2026.csv",
        f"kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900104;260000000000001;05-03-2026;{L1};100\n",
    )
    _text(
        "reject_unsupported_format",
        "sp2d",
        "SP2D_900104_202603.xls",
        "\xd0\xcf\x11\xe0 old excel",
        "latin-1",
    )
    _text(
        "reject_capaian_month_disagrees",
        "capaian_ro",
        "CAPAIAN_900104_202603.csv",
        "thang;bulan;kdsatker;kode ro;realisasi volume\n2026;April;900104;6011.QAH.002;5\n",
    )
    _text(
        "reject_unknown_case_status",
        "pengaduan",
        "PENGADUAN_900104_20260331.csv",
        PII_HEADER + "PGD-2026-000001;05-01-2026;Langsung;900104;Nama;;;;L;Malaysia;Lainnya;"
        "Beres;;;;\n",
    )
    _text("reject_no_header", "sp2d", "SP2D_900104_202603.csv", "laporan kosong\n\n")
    _text(
        "reject_comma_split_money",
        "sp2d",
        "SP2D_900104_202603.csv",
        f"kdsatker,no_sp2d,tgl_sp2d,kode_anggaran,nilai\n900104,260000000000001,2026-03-05,{L1},1.234,00\n",
    )
    _text(
        "reject_bad_budget_code",
        "sp2d",
        "SP2D_900104_202603.csv",
        "kdsatker;no_sp2d;tgl_sp2d;kode_anggaran;nilai\n900104;260000000000001;05-03-2026;DL.6011.524111;100\n",
    )
    _text(
        "reject_mapping_share_out_of_range",
        "peta_hasil",
        "PETA_HASIL_2026.csv",
        "thang;kode ro;indikator;porsi\n2026;6011.QAH.001;PL-01;150\n",
    )
    _text(
        "reject_unknown_measure",
        "indikator",
        "INDIKATOR_2026.csv",
        "thang;kode indikator;nama indikator;tingkat;satuan;arah;ukuran\n"
        "2026;PL-09;Contoh;outcome;%;naik;kepuasan_pmi\n",
    )
    _text(
        "reject_rpd_unknown_spending_type",
        "rpd",
        "RPD_900104_2026.csv",
        RPD_HEADER + "2026;900104;51;1;100\n2026;900104;Belanja Hibah;1;200\n",
    )
    _text(
        "reject_rpd_duplicate_type_month",
        "rpd",
        "RPD_900104_2026.csv",
        RPD_HEADER + "2026;900104;52;Maret;100\n2026;900104;Barang;3;200\n",
    )
    _text(
        "reject_rpd_office_contradicts_name",
        "rpd",
        "RPD_900104_2026.csv",
        RPD_HEADER + "2026;900105;51;1;100\n",
    )
    _text(
        "reject_rpd_year_contradicts_name",
        "rpd",
        "RPD_900104_2026.csv",
        RPD_HEADER + "2025;900104;51;1;100\n",
    )
    _text(
        "reject_rpd_duplicate_type_wide",
        "rpd",
        "RPD_900104_2026.csv",
        "thang;kdsatker;jenis belanja;" + ";".join(MONTH_HEADERS) + ";Jumlah\n"
        "2026;900104;Belanja Barang" + ";100" * 12 + ";1200\n"
        "2026;900104;52" + ";200" * 12 + ";2400\n",
    )
    _xlsx(
        "reject_rpd_negative_plan",
        "rpd",
        "RPD_900104_2026.xlsx",
        [
            ["HALAMAN III DIPA"],
            ["thang", "kdsatker", "jenis belanja", *MONTH_HEADERS, "Jumlah"],
            [2026, 900104, 52, 100, 100, "(1.000.000,00)", *([100] * 9), -998800],
        ],
    )
    _text(
        "reject_rpd_month_columns_incomplete",
        "rpd",
        "RPD_900104_2026.csv",
        "thang;kdsatker;jenis belanja;" + ";".join(m for m in MONTH_HEADERS if m != "Agu") + "\n"
        "2026;900104;51" + ";1" * 11 + "\n",
    )
    _text(
        "reject_rpd_no_plan_rows",
        "rpd",
        "RPD_900104_2026.csv",
        RPD_HEADER,
    )


if __name__ == "__main__":
    build()
