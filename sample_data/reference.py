"""Static reference data for the sample: offices, budget structure, indicators.

Everything here is copied from (or consistent with) the project's specs in
`shared/specs/` so that the generator is self-contained: it must run in CI,
where only the repository is guaranteed, without reading files beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

THANG = 2026

BULAN = (
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# August has two short forms in the wild (Agu, Agt); index 8 is resolved per file.
BULAN_SHORT = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)


@dataclass(frozen=True)
class Office:
    """One BP3MI office and the behaviour the sample gives it.

    `serapan` (fast/slow) and `hasil` (good/mid/bad) drive the spending pace and
    the case outcomes so that every `orientasi` quadrant of the scorecard occurs.
    """

    kdsatker: str
    nama: str
    provinsi: str
    kota: str
    kode_prov: str
    budget_bn: int  # approximate yearly pagu in billions of rupiah
    cases_per_year: int  # new cases a year at scale 1
    serapan: str  # "fast" | "slow"
    hasil: str  # "good" | "mid" | "bad"
    last_month: int = 10  # latest month delivered (SP2D, capaian)
    capital_share: float = 0.0  # share of budget on 6013.EBB.951 (unmapped RO)
    new_ro: bool = False  # has the office-specific, unmapped 6011.QAH.004

    @property
    def label(self) -> str:
        """The `900104 - BP3MI Jawa Timur` form some exports use."""
        return f"{self.kdsatker} - {self.nama}"

    @property
    def orientasi(self) -> str:
        """The scorecard quadrant this office is designed to land in."""
        if self.serapan == "fast":
            return {"good": "goal oriented", "bad": "target oriented"}.get(self.hasil, "tertinggal")
        return "hemat" if self.hasil == "good" else "tertinggal"


def _o(
    kd: str,
    nama: str,
    prov: str,
    kota: str,
    kp: str,
    bn: int,
    cases: int,
    s: str,
    h: str,
    **kw: object,
) -> Office:
    return Office(kd, f"BP3MI {nama}", prov, kota, kp, bn, cases, s, h, **kw)  # type: ignore[arg-type]


OFFICES: tuple[Office, ...] = (
    _o("900101", "Aceh", "Aceh", "Banda Aceh", "11", 12, 30, "fast", "bad"),
    _o(
        "900102",
        "Sumatera Utara",
        "Sumatera Utara",
        "Medan",
        "12",
        22,
        70,
        "fast",
        "bad",
        capital_share=0.02,
        new_ro=True,
    ),
    _o("900103", "Sumatera Barat", "Sumatera Barat", "Padang", "13", 11, 25, "slow", "good"),
    _o(
        "900104",
        "Jawa Timur",
        "Jawa Timur",
        "Surabaya",
        "35",
        38,
        120,
        "fast",
        "good",
        capital_share=0.015,
    ),
    _o("900105", "Riau", "Riau", "Pekanbaru", "14", 16, 45, "fast", "bad", capital_share=0.09),
    _o(
        "900106", "Kepulauan Riau", "Kepulauan Riau", "Tanjung Pinang", "21", 24, 90, "fast", "good"
    ),
    _o("900107", "Jambi", "Jambi", "Jambi", "15", 10, 20, "slow", "bad"),
    _o("900108", "Sumatera Selatan", "Sumatera Selatan", "Palembang", "16", 14, 35, "fast", "bad"),
    _o(
        "900109",
        "Lampung",
        "Lampung",
        "Bandar Lampung",
        "18",
        20,
        70,
        "fast",
        "bad",
        capital_share=0.08,
    ),
    _o("900110", "Banten", "Banten", "Serang", "36", 18, 60, "slow", "good"),
    _o(
        "900111",
        "Jawa Barat",
        "Jawa Barat",
        "Bandung",
        "32",
        36,
        115,
        "fast",
        "good",
        capital_share=0.02,
    ),
    _o("900112", "Jawa Tengah", "Jawa Tengah", "Semarang", "33", 34, 110, "fast", "good"),
    _o(
        "900113",
        "Daerah Istimewa Yogyakarta",
        "DI Yogyakarta",
        "Yogyakarta",
        "34",
        10,
        25,
        "slow",
        "good",
    ),
    _o("900114", "Bali", "Bali", "Denpasar", "51", 15, 40, "fast", "good"),
    _o(
        "900115",
        "Nusa Tenggara Barat",
        "Nusa Tenggara Barat",
        "Mataram",
        "52",
        32,
        110,
        "fast",
        "good",
    ),
    _o(
        "900116",
        "Nusa Tenggara Timur",
        "Nusa Tenggara Timur",
        "Kupang",
        "53",
        26,
        90,
        "fast",
        "bad",
        capital_share=0.1,
    ),
    _o(
        "900117",
        "Kalimantan Barat",
        "Kalimantan Barat",
        "Pontianak",
        "61",
        20,
        75,
        "fast",
        "mid",
        new_ro=True,
    ),
    _o(
        "900118",
        "Sulawesi Selatan",
        "Sulawesi Selatan",
        "Makassar",
        "73",
        17,
        50,
        "slow",
        "good",
        capital_share=0.02,
    ),
    _o(
        "900119",
        "Kalimantan Selatan",
        "Kalimantan Selatan",
        "Banjarbaru",
        "63",
        12,
        25,
        "slow",
        "bad",
        last_month=9,
    ),
    _o("900120", "Sulawesi Tengah", "Sulawesi Tengah", "Palu", "72", 10, 20, "slow", "bad"),
    _o("900121", "Sulawesi Utara", "Sulawesi Utara", "Manado", "71", 11, 22, "slow", "good"),
    _o(
        "900122",
        "Kalimantan Timur",
        "Kalimantan Timur",
        "Samarinda",
        "64",
        16,
        45,
        "slow",
        "bad",
        last_month=9,
        capital_share=0.02,
    ),
)
OFFICE_BY_CODE = {o.kdsatker: o for o in OFFICES}

# Real province codes (first two NIK digits); used for workers from other provinces.
PROVINCE_CODES = tuple(sorted({o.kode_prov for o in OFFICES}))

ACCOUNTS = {
    "511111": "Belanja Gaji Pokok PNS",
    "511129": "Belanja Uang Makan PNS",
    "521111": "Belanja Operasional Perkantoran",
    "521211": "Belanja Bahan",
    "521213": "Belanja Honor Output Kegiatan",
    "521219": "Belanja Barang Non Operasional Lainnya",
    "521811": "Belanja Barang Persediaan Barang Konsumsi",
    "522151": "Belanja Jasa Profesi",
    "524111": "Belanja Perjalanan Dinas Biasa",
    "524113": "Belanja Perjalanan Dinas Dalam Kota",
    "524114": "Belanja Perjalanan Dinas Paket Meeting Dalam Kota",
    "524119": "Belanja Perjalanan Dinas Paket Meeting Luar Kota",
    "526211": "Belanja Barang untuk Diserahkan kepada Masyarakat",
    "532111": "Belanja Modal Peralatan dan Mesin",
}


@dataclass(frozen=True)
class RoDef:
    """An RO and the component/subcomponent/account skeleton of its budget lines."""

    kode_ro: str
    program: str
    uraian: str
    satuan: str
    weight: float  # share of the office's technical (non-salary) budget
    lines: tuple[tuple[str, str, str], ...]  # (komponen, subkomponen, akun)


RO_DEFS: tuple[RoDef, ...] = (
    RoDef(
        "6011.QAH.001",
        "DL",
        "PMI bermasalah yang difasilitasi penanganannya",
        "Orang",
        0.30,
        (
            ("051", "A", "521211"),
            ("051", "A", "521213"),
            ("051", "A", "524111"),
            ("051", "A", "524113"),
            ("051", "B", "524114"),
            ("051", "B", "522151"),
            ("052", "A", "526211"),
            ("052", "A", "524111"),
        ),
    ),
    RoDef(
        "6011.QAH.002",
        "DL",
        "PMI yang difasilitasi kepulangannya",
        "Orang",
        0.17,
        (("051", "A", "524111"), ("051", "A", "521211"), ("051", "A", "526211")),
    ),
    RoDef(
        "6011.QAH.003",
        "DL",
        "Jenazah PMI yang difasilitasi pemulangannya",
        "Orang",
        0.08,
        (("051", "A", "524111"), ("051", "A", "526211")),
    ),
    RoDef(
        "6012.QAH.001",
        "DL",
        "Calon PMI yang mengikuti Orientasi Pra Pemberangkatan",
        "Orang",
        0.14,
        (
            ("051", "A", "521211"),
            ("051", "A", "521213"),
            ("051", "A", "524114"),
            ("052", "A", "524111"),
        ),
    ),
    RoDef(
        "6012.PBM.001",
        "DL",
        "Sosialisasi migrasi aman kepada masyarakat",
        "Orang",
        0.12,
        (
            ("051", "A", "521211"),
            ("051", "A", "524113"),
            ("051", "A", "524114"),
            ("051", "A", "521213"),
        ),
    ),
    RoDef(
        "6011.QMA.001",
        "DL",
        "Data dan informasi pelindungan PMI",
        "Laporan",
        0.06,
        (("051", "A", "521211"), ("051", "A", "524111"), ("051", "A", "522151")),
    ),
    RoDef(
        "6013.EBA.962",
        "WA",
        "Layanan Umum",
        "Layanan",
        0.13,
        (("051", "A", "521111"), ("051", "A", "521211"), ("051", "A", "524111")),
    ),
)
# Office running costs: salaries (komponen 001) and operations (002).
RO_PERKANTORAN = RoDef(
    "6013.EBA.994",
    "WA",
    "Layanan Perkantoran",
    "Layanan",
    0.0,
    (
        ("001", "A", "511111"),
        ("001", "A", "511129"),
        ("002", "A", "521111"),
        ("002", "A", "521811"),
        ("002", "A", "522151"),
    ),
)
RO_SARANA = RoDef(
    "6013.EBB.951", "WA", "Layanan Sarana Internal", "Unit", 0.0, (("051", "A", "532111"),)
)
RO_BARU = RoDef(
    "6011.QAH.004",
    "DL",
    "PMI purna yang diberdayakan",
    "Orang",
    0.0,
    (("051", "A", "521211"), ("051", "A", "524111"), ("051", "A", "526211")),
)
RO_BY_CODE = {r.kode_ro: r for r in (*RO_DEFS, RO_PERKANTORAN, RO_SARANA, RO_BARU)}


@dataclass(frozen=True)
class Indicator:
    """A catalogue row of INDIKATOR_<thang>."""

    indikator_id: str
    nama: str
    tingkat: str
    satuan: str
    arah: str
    ukuran: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "PL-01",
        "Persentase kasus PMI yang diselesaikan",
        "outcome",
        "%",
        "naik",
        "kasus_selesai_pct",
    ),
    Indicator(
        "PL-02", "Nilai hak PMI yang dipulihkan", "outcome", "Rp", "naik", "hak_dipulihkan_rp"
    ),
    Indicator(
        "PL-03",
        "Jumlah PMI yang difasilitasi kepulangannya",
        "outcome",
        "Orang",
        "naik",
        "pmi_dipulangkan",
    ),
    Indicator(
        "PL-04",
        "Median waktu penyelesaian kasus",
        "outcome",
        "Hari",
        "turun",
        "median_hari_selesai",
    ),
    Indicator(
        "OP-01", "Calon PMI yang mengikuti OPP", "output", "Orang", "naik", "volume_ro:6012.QAH.001"
    ),
    Indicator(
        "OP-02",
        "Masyarakat yang mendapat sosialisasi migrasi aman",
        "output",
        "Orang",
        "naik",
        "volume_ro:6012.PBM.001",
    ),
    Indicator(
        "OP-03",
        "Laporan data dan informasi pelindungan PMI",
        "output",
        "Laporan",
        "naik",
        "volume_ro:6011.QMA.001",
    ),
    Indicator(
        "DK-01",
        "Layanan dukungan manajemen dan perkantoran",
        "dukungan",
        "Layanan",
        "naik",
        "tidak_diukur",
    ),
)

# Results-chain mapping in force (PETA_HASIL_2026_2): (kdsatker, kode_ro) -> [(indikator, porsi)].
PETA_HASIL: dict[tuple[str, str], tuple[tuple[str, int], ...]] = {
    ("*", "6011.QAH.001"): (("PL-01", 50), ("PL-02", 30), ("PL-04", 20)),
    ("*", "6011.QAH.002"): (("PL-03", 100),),
    ("*", "6011.QAH.003"): (("PL-03", 100),),
    ("*", "6012.QAH.001"): (("OP-01", 100),),
    ("*", "6012.PBM.001"): (("OP-02", 100),),
    ("*", "6011.QMA.001"): (("OP-03", 100),),
    ("*", "6013.EBA.994"): (("DK-01", 100),),
    ("*", "6013.EBA.962"): (("DK-01", 100),),
    ("900104", "6011.QAH.001"): (("PL-01", 60), ("PL-02", 40)),
    ("900110", "6012.PBM.001"): (("OP-02", 80),),
}
# The planners' first draft (PETA_HASIL_2026.csv), replaced in March.
PETA_HASIL_DRAFT: dict[tuple[str, str], tuple[tuple[str, int], ...]] = {
    ("*", "6011.QAH.001"): (("PL-01", 60), ("PL-02", 40)),
    ("*", "6011.QAH.002"): (("PL-03", 100),),
    ("*", "6011.QAH.003"): (("PL-03", 100),),
    ("*", "6012.QAH.001"): (("OP-01", 100),),
    ("*", "6012.PBM.001"): (("OP-02", 100),),
    ("*", "6011.QMA.001"): (("OP-03", 100),),
    ("*", "6013.EBA.994"): (("DK-01", 100),),
}


def traced_share(kdsatker: str, kode_ro: str) -> int:
    """Sum of the shares in force for an (office, RO): 100 means traced."""
    rows = PETA_HASIL.get((kdsatker, kode_ro)) or PETA_HASIL.get(("*", kode_ro)) or ()
    return sum(p for _, p in rows)


KANAL = (
    ("Langsung", 30),
    ("Telepon", 14),
    ("Email", 8),
    ("Surat", 5),
    ("Media Sosial", 15),
    ("SMS", 4),
    ("e-Pengaduan", 22),
    ("Lainnya", 2),
)
MASALAH = (
    ("Gaji tidak dibayar", 18),
    ("Ingin dipulangkan", 16),
    ("PMI sakit", 9),
    ("Meninggal dunia", 5),
    ("Gagal berangkat", 7),
    ("Penipuan peluang kerja", 6),
    ("Perdagangan orang (TPPO)", 4),
    ("PHK sepihak", 6),
    ("Overstay", 6),
    ("Hilang kontak", 5),
    ("Kekerasan", 4),
    ("Penahanan dokumen", 4),
    ("Jaminan sosial", 5),
    ("Biaya penempatan berlebih", 4),
    ("Lainnya", 3),
)
# Destination countries by region of origin (weights).
NEGARA_SUMATERA = (
    ("Malaysia", 60),
    ("Singapura", 8),
    ("Taiwan", 10),
    ("Hong Kong", 5),
    ("Arab Saudi", 5),
    ("Kamboja", 7),
    ("Korea Selatan", 3),
    ("Jepang", 2),
)
NEGARA_JAWA = (
    ("Malaysia", 22),
    ("Taiwan", 26),
    ("Hong Kong", 20),
    ("Arab Saudi", 10),
    ("Singapura", 8),
    ("Korea Selatan", 7),
    ("Jepang", 5),
    ("Kamboja", 2),
)
NEGARA_TIMUR = (
    ("Malaysia", 55),
    ("Arab Saudi", 15),
    ("Taiwan", 10),
    ("Hong Kong", 6),
    ("Singapura", 4),
    ("Kamboja", 6),
    ("Korea Selatan", 2),
    ("Jepang", 2),
)
JAWA = {"32", "33", "34", "35", "36"}
TIMUR = {"51", "52", "53", "61", "63", "64", "71", "72", "73"}


def negara_weights(kode_prov: str) -> tuple[tuple[str, int], ...]:
    """Where workers from a province usually go."""
    if kode_prov in JAWA:
        return NEGARA_JAWA
    return NEGARA_TIMUR if kode_prov in TIMUR else NEGARA_SUMATERA


ZERO = Decimal("0.00")
