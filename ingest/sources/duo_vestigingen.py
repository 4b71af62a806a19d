"""DUO "02. Alle vestigingen vo": address, postcode and regions per vestiging (duo_formats.md 2.3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.sources.base import (
    DUO_BRIN,
    Column,
    ParsedFile,
    Source,
    checked,
    parsed,
    read_duo_table,
    schooljaar_from_name,
)


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
    table, generation = read_duo_table(path, file, "vestigingen")
    frame, extra = checked(table, COLUMNS, KEY, prepare=lambda f: f.with_columns(pl.col("postcode").str.to_uppercase()))
    return parsed(table, frame, schooljaar_from_name(file), generation, extra)


SOURCE = Source(
    name="duo_vestigingen",
    title='DUO "02. Alle vestigingen vo"',
    columns=COLUMNS,
    key=KEY,
    parse=parse,
    partitioned=False,
)
