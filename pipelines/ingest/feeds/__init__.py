"""The seven feeds of the landing folder, in the order they are loaded."""

from pipelines.ingest.feeds import capaian_ro, dipa, indikator, pengaduan, peta_hasil, rpd, sp2d
from pipelines.ingest.feeds.base import Feed

FEEDS: dict[str, Feed] = {
    f.name: f
    for f in (
        dipa.FEED,
        sp2d.FEED,
        capaian_ro.FEED,
        pengaduan.FEED,
        peta_hasil.FEED,
        indikator.FEED,
        rpd.FEED,
    )
}

__all__ = ["FEEDS", "Feed"]
