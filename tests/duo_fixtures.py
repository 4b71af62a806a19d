"""Tiny hand-built DUO files for tests, written with the project's own format writers."""

from __future__ import annotations

from pathlib import Path

from ingest.demo.duo_writers import PUPIL_HEADER_LEGACY, PUPIL_HEADER_NEW, suppress, write_legacy, write_new

ONDERWIJSTYPE = {"bb": "VMBO BL lj 3-4", "kb": "VMBO KL lj 3-4", "gl": "VMBO GL lj 3-4", "tl": "VMBO TL lj 3-4"}


def pupil_row(
    brin: str,
    nr: str,
    leerweg: str,
    elementcode: str,
    lj3: tuple[object, object],
    lj4: tuple[object, object] = (0, 0),
    onderwijstype: str | None = None,
) -> list[object]:
    """A pupil-file row with leerjaar 3 (man, vrouw) and leerjaar 4 counts; other leerjaren 0."""
    counts = [0, 0, 0, 0, lj3[0], lj3[1], lj4[0], lj4[1], 0, 0, 0, 0]
    return [
        brin,
        nr,
        f"School {brin}",
        "ERGENS",
        "Utrecht",
        onderwijstype or ONDERWIJSTYPE[leerweg],
        "Techniek",
        "N.v.t.",
        elementcode,
        "opleiding",
        *counts,
    ]


def write_pupil_file(folder: Path, year: int, rows: list[list[object]], generation: str = "legacy") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv"
    if generation == "legacy":
        write_legacy(path, PUPIL_HEADER_LEGACY, rows)
    else:
        # The newer generation carries the BRIN in VESTIGINGSCODE and publishes 1..4 as '<5'.
        rows = [
            [r[0], r[0] + r[1], *r[2:10], *(suppress(c) if isinstance(c, int) else c for c in r[10:])] for r in rows
        ]
        write_new(path, PUPIL_HEADER_NEW, rows)
    return path
