"""DUO "01. Leerlingen vo per vestiging naar onderwijstype": pupils per vestiging x element code,
wide by leerjaar 1-6 x gender. Both format generations (duo_formats.md 1A/1B, 2.1)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.sources.base import (
    COUNT_RULE,
    DUO_BRIN,
    Column,
    ParsedFile,
    Source,
    checked,
    parsed,
    read_duo_table,
    schooljaar_in_file,
    with_suppressed_counts,
)

COUNT_COLUMNS = [f"lj{n}_{g}" for n in range(1, 7) for g in ("man", "vrouw")]

COLUMNS: tuple[Column, ...] = (
    DUO_BRIN,
    Column(
        "vestigingsnummer",
        ("VESTIGINGSNUMMER", "VESTIGINGSCODE"),
        r"[0-9]{2}",
        "must be a 2-digit vestigingsnummer (or BRIN + 2 digits)",
        nullable=False,
    ),
    Column("instellingsnaam_vestiging", ("INSTELLINGSNAAM VESTIGING",)),
    Column("plaatsnaam_vestiging", ("PLAATSNAAM VESTIGING",), required=False),
    Column("provincie_vestiging", ("PROVINCIE VESTIGING",), required=False),
    Column("onderwijstype", ("ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",), nullable=False),
    Column("vmbo_sector", ("VMBO SECTOR",)),
    Column("afdeling", ("AFDELING",)),
    Column(
        "elementcode",
        ("ELEMENTCODE", "ERKENDE OPLEIDINGSCODE"),
        r"[0-9]{1,5}",
        "must be a numeric element code such as 6111",
        nullable=False,
    ),
    Column("opleidingsnaam", ("OPLEIDINGSNAAM",)),
    Column("lwoo_indicatie", ("LWOO INDICATIE",), r"[JN]", "must be J or N", required=False),
    Column(
        "schooljaar_in_file",
        ("SCHOOLJAAR",),
        r"(19|20)[0-9]{2}([-/](19|20)?[0-9]{2})?",
        "must be a schooljaar such as 2019 or 2019-2020",
        required=False,
    ),
    *(
        Column(
            c, (f"LEER- OF VERBLIJFSJAAR {c[2]} - {c.split('_')[1].upper()}",), r"[0-9]+", COUNT_RULE, nullable=False
        )
        for c in COUNT_COLUMNS
    ),
)
KEY = ("brin", "vestigingsnummer", "onderwijstype", "elementcode")


def _normalise_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """A 6-character vestigingscode carries the BRIN; element codes are zero-padded text."""
    return frame.with_columns(
        pl.when(pl.col("vestigingsnummer").str.len_chars() == 6)
        .then(pl.col("vestigingsnummer").str.slice(4, 2))
        .otherwise(pl.col("vestigingsnummer").str.zfill(2))
        .alias("vestigingsnummer"),
        pl.col("elementcode").str.zfill(4),
    )


def parse(path: Path, file: str) -> ParsedFile:
    table, generation = read_duo_table(path, file, "pupil")
    columns = COLUMNS
    if generation == "new":
        # Newer DUO files replace counts 1..4 by the literal '<5' (duo_formats.md 1B).
        columns = with_suppressed_counts(COLUMNS, lambda c: c.name in COUNT_COLUMNS)
    frame, extra = checked(table, columns, KEY, prepare=_normalise_keys)

    schooljaar = schooljaar_in_file(
        table,
        frame,
        COLUMNS,
        "schooljaar_in_file",
        "cannot tell the schooljaar: the name has no year (expected e.g. ...-2019.csv) "
        "and the file has no SCHOOLJAAR column",
    )
    return parsed(table, frame, schooljaar, generation, extra)


SOURCE = Source(
    name="duo_leerlingen_vestiging",
    title='DUO "01. Leerlingen vo per vestiging naar onderwijstype"',
    columns=COLUMNS,
    key=KEY,
    parse=parse,
)
