"""The bad-input corpus: tests/data/bad/cases.csv and its files, and generators for the large cases.

A case is one row of cases.csv: source, case, file (under tests/data/bad/; empty for generated cases),
landing_name (the name the file gets in landing/<folder>/), outcome (error | accepted), rows (rows
loaded when accepted), message (for errors: the part of the one-line message after the file name, incl.
line and column; for accepted files: a note the load must report), same_as (an accepted case whose
rows this one must equal) and why (a short explanation for docs/bad_input.md). A new source adds
rows + files, and a generator in BIG for its "ten_times_usual_size" case (generated at test time,
never committed).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BAD = Path(__file__).resolve().parent / "data" / "bad"
MANIFEST = BAD / "cases.csv"

# Every source has at least these cases (others are source-specific: counts, codes, schooljaar, ...).
CORE_CASES = (
    "good",
    "empty",
    "header_only",
    "truncated",
    "binary",
    "wrong_encoding_utf16",
    "missing_column",
    "renamed_column",
    "extra_column",
    "duplicate_keys",
    "bom",
    "crlf",
    "ten_times_usual_size",
)


@dataclass(frozen=True)
class Case:
    source: str
    case: str
    file: str
    landing_name: str
    outcome: str
    rows: int | None
    message: str
    same_as: str
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.source}/{self.case}"


def load_cases() -> list[Case]:
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        return [
            Case(
                r["source"],
                r["case"],
                r["file"],
                r["landing_name"],
                r["outcome"],
                int(r["rows"]) if r["rows"] else None,
                r["message"],
                r["same_as"],
                r.get("why", ""),
            )
            for r in csv.DictReader(f)
        ]


Vary = Callable[[int, list[str]], list[str]]


def _repeat(good: bytes, rows: int, vary: Vary, sep: str = ";", header: bool = True) -> bytes:
    """`rows` data rows made from the good file's rows, each made unique by `vary(i, fields)`."""
    text = good.decode("cp1252" if b"\r" not in good and _is_cp1252(good) else "utf-8")
    lines = text.splitlines()
    first = 1 if header else 0
    body = [line.split(sep) for line in lines[first:] if line]
    out = lines[:first]
    for i in range(rows):
        out.append(sep.join(vary(i, list(body[i % len(body)]))))
    return ("\n".join(out) + "\n").encode("utf-8")


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def _brin(i: int) -> str:
    """A distinct valid BRIN (2 digits + 2 of [0-9A-Z]) for every i < 100 * 36 * 36."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"{i // 1296 % 100:02d}{alphabet[i // 36 % 36]}{alphabet[i % 36]}"


def _set(values: dict[int, Callable[[int], str]]) -> Vary:
    """Row i gets field k = values[k](i) for every k: distinct values where the natural key needs them."""

    def vary(i: int, f: list[str]) -> list[str]:
        for k, value in values.items():
            f[k] = value(i)
        return f

    return vary


def _first(prefix: str) -> Vary:
    """The first field becomes a distinct id, e.g. p0000001."""
    return _set({0: lambda i: f"{prefix}{i:07d}"})


_pupils = _set({0: lambda i: _brin(i // 3)})  # three rows (distinct programmes) per school
_vestigingen = _set({2: _brin, 3: lambda i: _brin(i) + "00"})
_element_codes = _set({0: lambda i: f"{i:05d}"})
_profielen = _set({0: lambda i: f"P{i:04d}"})
_regio = _set({3: _brin})
_pc4 = _set({1: lambda i: str(1000 + i // 10), 2: lambda i: f"Plaats {i}"})  # ten places per postcode
_exams = _set({0: lambda i: _brin(i // 3), 1: lambda i: _brin(i // 3) + "00"})
_numbered = _set({0: lambda i: f"{10000 + i}"})
# A DUO hbo file: a distinct year and gemeentenummer per row (both in the natural key).
_hbo = _set({0: lambda i: f'"{2000 + i // 10000}"', 2: lambda i: f'"{i % 10000:04d}"'})


CBS_PROFIELEN = ("BWI", "PIE", "MVI", "M&T", "MaT", "D&P", "E&O", "HBR", "Z&W", "Groen", "BWI/PIE")
CBS_CATEGORIEEN = [("opleidingsniveau", c) for c in ("mbo", "hbo", "wo", "onbekend")] + [
    ("opleidingsrichting", c) for c in ("overige onderwijsopleiding", "opleiding buiten het onderwijs", "onbekend")
]


def _cbs(i: int, f: list[str]) -> list[str]:
    """CBS's aggregate: a distinct (peiljaar, profiel, kenmerk, categorie) per row."""
    j = i // 200
    f[0] = str(1900 + i % 200)
    f[1], f[2] = CBS_PROFIELEN[j % 11], ""
    f[3], f[4] = CBS_CATEGORIEEN[j // 11 % len(CBS_CATEGORIEEN)]
    return f


def _survey_key(field: int) -> Vary:
    """A survey reference list: the key field `field` becomes distinct (k0000001, ...)."""
    return _set({field: lambda i: f"k{i:07d}"})


# source -> how to make its good file's rows unique when repeated
BIG: dict[str, Vary] = {
    "duo_leerlingen_vestiging": _pupils,
    "duo_vestigingen": _vestigingen,
    "duo_inschrijvingen_vo": _first("p"),
    "reference__element_codes": _element_codes,
    "reference__profielen": _profielen,
    "reference__exam_codes": _survey_key(1),
    "reference__sto_regio_vestigingen": _regio,
    "ipto_lesgevenden": _first("p"),
    "pc4": _pc4,
    "duo_examens_vakken": _first("p"),
    "duo_inschrijvingen_mbo": _first("p"),
    "schoolverlaters": _first("r"),
    "sto_programma": _first("STO"),
    "duo_examenkandidaten": _exams,
    "reference__keuzevakken": _numbered,
    "reference__mbo_opleidingen": _numbered,
    "enquete_programmaleiders": _first("r"),
    "enquete_lesgevenden": _first("r"),
    "enquete_leerlingen": _first("r"),
    "reference__survey_scales": _survey_key(1),
    "reference__survey_items": _survey_key(2),
    "reference__survey_tables": _survey_key(1),
    "reference__survey_derived_items": _survey_key(1),
    "duo_hbo_eerstejaars": _hbo,
    "duo_hbo_ingeschrevenen": _hbo,
    "duo_hbo_gediplomeerden": _hbo,
    "ipto_lesgevenden_vakken": _first("p"),
    "cbs_lesgevenden_opleiding": _cbs,
    "reference__lerarenopleidingen_techniek": _numbered,
}
HEADERLESS_TAB = {"pc4"}  # GeoNames NL.txt: tab-separated, no header
COMMA = {"duo_hbo_eerstejaars", "duo_hbo_ingeschrevenen", "duo_hbo_gediplomeerden"}  # DUO's open hbo files


def case_bytes(case: Case, cases: list[Case]) -> bytes:
    """The bytes of a case's file (generated for the large cases)."""
    if case.file:
        return (BAD / case.file).read_bytes()
    good = next(c for c in cases if c.source == case.source and c.case == "good")
    tab = case.source in HEADERLESS_TAB
    return _repeat(
        (BAD / good.file).read_bytes(),
        case.rows or 0,
        BIG[case.source],
        sep="\t" if tab else "," if case.source in COMMA else ";",
        header=not tab,
    )


DOC = Path(__file__).resolve().parents[1] / "docs" / "bad_input.md"

DOC_HEADER = """# Bad input: every case and what happens

Generated from the bad-input corpus `tests/data/bad/cases.csv` by the tests (regenerate on purpose with
`STO_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_bad_input.py`); every row is a test.

A refused file gives one line `sto-monitor refresh: error: <landing file>, line <n>, column '<c>': <rule>
(found '<value>')` (line and column where the problem has one), exit code 1, no traceback; the file is
recorded as `failed` in `raw._loads`, every raw table keeps exactly its previous contents, and since
nothing downstream is rebuilt the marts and every release stay as they were. Fix the file (or remove it)
and refresh again. An accepted file is loaded; notes (e.g. extra columns) are logged with the run.
The *ten times the usual size* case is generated at test time with the given number of rows.
"""


def render_doc(cases: list[Case]) -> str:
    lines = [DOC_HEADER]
    for source in dict.fromkeys(c.source for c in cases):
        lines += [
            f"## `{source}`",
            "",
            "| case | file as landed | outcome | message / note | why |",
            "|---|---|---|---|---|",
        ]
        for c in cases:
            if c.source != source:
                continue
            outcome = "**error**" if c.outcome == "error" else f"accepted ({c.rows:,} rows)"
            if c.same_as:
                outcome += f", same rows as `{c.same_as}`"
            text = c.message.replace("|", "\\|")
            lines.append(f"| {c.case.replace('_', ' ')} | `{c.landing_name}` | {outcome} | {text} | {c.why} |")
        lines.append("")
    return "\n".join(lines)
