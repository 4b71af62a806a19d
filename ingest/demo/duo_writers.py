"""Writers for the public DUO file formats (duo_formats.md 1A/1B): the legacy generation
(cp1252, unquoted, LF, BRIN NUMMER) and the newer one (UTF-8, every field quoted, CRLF,
INSTELLINGSCODE, counts 1..4 written as <5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

PUPIL_HEADER_TAIL = [f"LEER- OF VERBLIJFSJAAR {n} - {g}" for n in range(1, 7) for g in ("MAN", "VROUW")]
PUPIL_HEADER_LEGACY = [
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "INSTELLINGSNAAM VESTIGING",
    "PLAATSNAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
    "VMBO SECTOR",
    "AFDELING",
    "ELEMENTCODE",
    "OPLEIDINGSNAAM",
    *PUPIL_HEADER_TAIL,
]
PUPIL_HEADER_NEW = ["INSTELLINGSCODE", "VESTIGINGSCODE", *PUPIL_HEADER_LEGACY[2:]]

VESTIGINGEN_HEADER_LEGACY = [
    "PROVINCIE",
    "BEVOEGD GEZAG NUMMER",
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "VESTIGINGSNAAM",
    "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENUMMER",
    "GEMEENTENAAM",
    "DENOMINATIE",
    "TELEFOONNUMMER",
    "INTERNETADRES",
    "ONDERWIJSSTRUCTUUR",
    "STRAATNAAM CORRESPONDENTIEADRES",
    "HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES",
    "POSTCODE CORRESPONDENTIEADRES",
    "PLAATSNAAM CORRESPONDENTIEADRES",
    "NODAAL GEBIED CODE",
    "NODAAL GEBIED NAAM",
    "RPA-GEBIED CODE",
    "RPA-GEBIED NAAM",
    "WGR-GEBIED CODE",
    "WGR-GEBIED NAAM",
    "COROPGEBIED CODE",
    "COROPGEBIED NAAM",
    "ONDERWIJSGEBIED CODE",
    "ONDERWIJSGEBIED NAAM",
    "RMC-REGIO CODE",
    "RMC-REGIO NAAM",
]


def suppress(count: int) -> str:
    """Newer DUO files publish counts 1..4 as '<5'."""
    return "<5" if 1 <= count <= 4 else str(count)


def write_legacy(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Legacy generation: ';', no quoting at all, Windows-1252, LF line endings."""
    lines = [";".join(header)]
    lines += [";".join(str(v) for v in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))


def write_new(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Newer generation: ';', every field double-quoted, UTF-8 without BOM, CRLF line endings."""

    def q(v: object) -> str:
        return '"' + str(v).replace('"', '""') + '"'

    lines = [";".join(q(h) for h in header)]
    lines += [";".join(q(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def suppress_hbo(count: int) -> str:
    """DUO's open hbo files publish counts 1..4 as -1."""
    return "-1" if 1 <= count <= 4 else str(count)


def write_hbo(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """DUO's open hbo files: ',' separated, every text field double-quoted (years and codes too), the
    count (last column) unquoted, UTF-8 without BOM, CRLF line endings."""

    def q(v: object) -> str:
        return '"' + str(v).replace('"', '""') + '"'

    lines = [",".join(q(h) for h in header)]
    lines += [",".join([*(q(v) for v in row[:-1]), str(row[-1])]) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
