"""DUO "02. Alle vestigingen vo": address, postcode and regions per vestiging (duo_formats.md 2.3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import InputFileError
from ingest.sources.base import (
    DUO_BRIN,
    Column,
    ParsedFile,
    Source,
    check_unique,
    check_values,
    map_columns,
    schooljaar_from_name,
)
from ingest.tabular import read_text_table


def _optional(name: str, header: str) -> Column:
    return Column(name, (header,), required=False)


COLUMNS: tuple[Column, ...] = (
    Column("provincie", ("PROVINCIE",)),
    Column("bevoegd_gezag_nummer", ("BEVOEGD GEZAG NUMMER",), required=False),
    DUO_BRIN,
    Column(
        "vestigingscode",
        ("VESTIGINGSNUMMER", "VESTIGINGSCODE"),
        r"[0-9]{2}[0-9A-Z]{2}[0-9]{2}",
        "must be a 6-character vestigingscode (BRIN + 2 digits) such as 00AH07",
        nullable=False,
    ),
    Column("vestigingsnaam", ("VESTIGINGSNAAM",)),
    _optional("straatnaam", "STRAATNAAM"),
    _optional("huisnummer_toevoeging", "HUISNUMMER-TOEVOEGING"),
    Column("postcode", ("POSTCODE",), r"[0-9]{4} ?[A-Za-z]{2}", "must be a Dutch postcode such as 9406 NN"),
    Column("plaatsnaam", ("PLAATSNAAM",)),
    _optional("gemeentenummer", "GEMEENTENUMMER"),
    _optional("gemeentenaam", "GEMEENTENAAM"),
    _optional("denominatie", "DENOMINATIE"),
    _optional("telefoonnummer", "TELEFOONNUMMER"),
    _optional("internetadres", "INTERNETADRES"),
    _optional("onderwijsstructuur", "ONDERWIJSSTRUCTUUR"),
    _optional("straatnaam_correspondentieadres", "STRAATNAAM CORRESPONDENTIEADRES"),
    _optional("huisnummer_toevoeging_correspondentieadres", "HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES"),
    _optional("postcode_correspondentieadres", "POSTCODE CORRESPONDENTIEADRES"),
    _optional("plaatsnaam_correspondentieadres", "PLAATSNAAM CORRESPONDENTIEADRES"),
    _optional("nodaal_gebied_code", "NODAAL GEBIED CODE"),
    _optional("nodaal_gebied_naam", "NODAAL GEBIED NAAM"),
    _optional("rpa_gebied_code", "RPA-GEBIED CODE"),
    _optional("rpa_gebied_naam", "RPA-GEBIED NAAM"),
    _optional("wgr_gebied_code", "WGR-GEBIED CODE"),
    _optional("wgr_gebied_naam", "WGR-GEBIED NAAM"),
    _optional("coropgebied_code", "COROPGEBIED CODE"),
    _optional("coropgebied_naam", "COROPGEBIED NAAM"),
    _optional("onderwijsgebied_code", "ONDERWIJSGEBIED CODE"),
    _optional("onderwijsgebied_naam", "ONDERWIJSGEBIED NAAM"),
    _optional("rmc_regio_code", "RMC-REGIO CODE"),
    _optional("rmc_regio_naam", "RMC-REGIO NAAM"),
    _optional("vakantieregio", "VAKANTIEREGIO"),
)
KEY = ("vestigingscode",)


def parse(path: Path, file: str) -> ParsedFile:
    table = read_text_table(path, file)
    upper = {h.upper() for h in table.header}
    if "BRIN NUMMER" in upper:
        generation = "legacy"
    elif "INSTELLINGSCODE" in upper:
        generation = "new"
    else:
        raise InputFileError.one(
            file,
            "unknown format: expected a DUO vestigingen file with a 'BRIN NUMMER' (legacy) or "
            "'INSTELLINGSCODE' (new) column",
            line=1,
            column=table.header[0],
        )
    frame, extra = map_columns(table, COLUMNS)
    frame = frame.with_columns(pl.col("postcode").str.to_uppercase())
    check_values(table, frame, COLUMNS)
    check_unique(table, frame, KEY)
    notes = [f"extra columns kept in _extra: {', '.join(extra)}"] if extra else []
    return ParsedFile(frame, schooljaar_from_name(file), generation, table.frame.height, extra, notes)


SOURCE = Source(
    name="duo_vestigingen",
    title='DUO "02. Alle vestigingen vo"',
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    partitioned=False,
)
