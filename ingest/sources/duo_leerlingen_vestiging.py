"""DUO "01. Leerlingen vo per vestiging naar onderwijstype": pupils per vestiging x element code,
wide by leerjaar 1-6 x gender. Both format generations (duo_formats.md 1A/1B, 2.1)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import InputFileError
from ingest.sources.base import (
    COUNT_RULE,
    DUO_BRIN,
    Column,
    ParsedFile,
    Source,
    check_unique,
    check_values,
    header_of,
    map_columns,
    schooljaar_from_name,
)
from ingest.tabular import read_text_table

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


def _generation(header: list[str]) -> str:
    upper = {h.upper() for h in header}
    if "BRIN NUMMER" in upper:
        return "legacy"
    if "INSTELLINGSCODE" in upper:
        return "new"
    return "unknown"


def parse(path: Path, file: str) -> ParsedFile:
    table = read_text_table(path, file)
    generation = _generation(table.header)
    if generation == "unknown":
        raise InputFileError.one(
            file,
            "unknown format: expected a DUO pupil file with a 'BRIN NUMMER' (legacy) or 'INSTELLINGSCODE' (new) column",
            line=1,
            column=table.header[0],
        )
    frame, extra = map_columns(table, COLUMNS)
    # Normalise keys: a 6-character vestigingscode carries the BRIN; element codes are zero-padded text.
    frame = frame.with_columns(
        pl.when(pl.col("vestigingsnummer").str.len_chars() == 6)
        .then(pl.col("vestigingsnummer").str.slice(4, 2))
        .otherwise(pl.col("vestigingsnummer").str.zfill(2))
        .alias("vestigingsnummer"),
        pl.col("elementcode").str.zfill(4),
    )
    columns = COLUMNS
    if generation == "new":
        # Newer DUO files replace counts 1..4 by the literal '<5' (duo_formats.md 1B).
        columns = tuple(
            Column(c.name, c.headers, r"[0-9]+|<5", COUNT_RULE + " or '<5'", c.required, c.nullable)
            if c.name in COUNT_COLUMNS
            else c
            for c in COLUMNS
        )
    check_values(table, frame, columns)
    check_unique(table, frame, KEY)

    schooljaar = schooljaar_from_name(file)
    in_file = frame.get_column("schooljaar_in_file").drop_nulls().unique().to_list()
    if in_file:
        years = sorted({int(v[:4]) for v in in_file})
        if len(years) > 1:
            raise InputFileError.one(
                file,
                f"file holds several schooljaren {years}; expected one",
                column=header_of(table, COLUMNS, "schooljaar_in_file"),
            )
        if schooljaar is not None and years[0] != schooljaar:
            row = frame.filter(pl.col("schooljaar_in_file").is_not_null()).row(0, named=True)
            raise InputFileError.one(
                file,
                f"schooljaar in the file ({years[0]}) differs from the one in its name ({schooljaar})",
                line=row["_source_row"],
                column=header_of(table, COLUMNS, "schooljaar_in_file"),
            )
        schooljaar = years[0]
    if schooljaar is None:
        raise InputFileError.one(
            file,
            "cannot tell the schooljaar: the name has no year (expected e.g. ...-2019.csv) "
            "and the file has no SCHOOLJAAR column",
        )
    notes = [f"extra columns kept in _extra: {', '.join(extra)}"] if extra else []
    return ParsedFile(frame, schooljaar, generation, table.frame.height, extra, notes)


SOURCE = Source(
    name="duo_leerlingen_vestiging",
    title='DUO "01. Leerlingen vo per vestiging naar onderwijstype"',
    columns=COLUMNS,
    key=KEY,
    parse=parse,
)
