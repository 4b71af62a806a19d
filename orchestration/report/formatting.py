"""Formatting helpers shared by every report page: Dutch numbers, table cells with their suppression
markers ("*" = suppressed small cell, "—" = no value), column headings and the display order of
leerwegen and profielen. Plain data only: the templates (macros.html.j2) turn it into HTML."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

PROFIEL_ORDER = ["BWI", "PIE", "MVI", "M&T", "MaT", "D&P", "E&O", "HBR", "Z&W", "Groen"]
LEERWEG_ORDER = ["bb", "kb", "gl", "tl"]

# Column headings of the marts' columns, as the report shows them.
LABELS = {
    "schooljaar": "Schooljaar",
    "leerweg": "Leerweg",
    "profiel": "Profiel",
    "profielgroep": "Profielgroep",
    "n_pupils": "Leerlingen",
    "n_female": "Meisjes",
    "female_share": "% meisjes",
    "change_pct": "% verandering t.o.v. vorig jaar",
    "regio_naam": "STO-regio",
    "n_tech": "Technische leerlingen",
    "tech_share": "% techniek",
    "n_vestigingen": "Vestigingen",
    "n_vestigingen_bb": "Vestigingen bb",
    "n_vestigingen_kb": "Vestigingen kb",
    "n_vestigingen_gl": "Vestigingen gl",
    "n_pupils_placed": "Leerlingen (geplaatst)",
    "n_pupils_within_10km": "Binnen 10 km",
    "share_within_10km": "% binnen 10 km",
    "keuzevak_profiel": "Profiel keuzevak",
    "leerling_profiel": "Profiel leerling",
    "n_exams": "Examens",
    "n_by_nontech_pupils": "Door niet-technische leerlingen",
    "nontech_pupils_share": "% door niet-technische leerlingen",
    "own_profile_share": "% binnen eigen profiel",
    "tech_keuzevakken_share": "% in technische keuzevakken",
    "n_mbo_entrants": "Instroom mbo",
    "techniek_indicatie_share": "% techniek (indicatie)",
    "techniek_sectorkamer_share": "% techniek (sectorkamer)",
    "bestemming": "Bestemming",
    "share": "%",
    "n_cohort": "Cohort",
    "n_persons": "Personen",
    "fte": "Fte",
    "share_bevoegd": "% bevoegd",
    "share_vast_contract": "% vast contract",
    "share_vrouw": "% vrouw",
    "mean_age": "Gem. leeftijd",
    "share_50_plus": "% 50+",
    "meting": "Meting",
    "item": "Item",
    "positive_share": "% positief",
    "n_respondents": "Respondenten",
    "planperiode": "Planperiode",
    "regio_type": "Soort regio",
    "verdeling_middelen": "Verdeling middelen",
    "subsidie_per_jaar_eur": "Subsidie per jaar (€)",
    "subsidie_eur": "Subsidie (€)",
    "cofinanciering_aandeel": "% cofinanciering",
    "n_partners": "Partners",
    "n_techniek_lj3": "Technische leerlingen lj3",
    "techniek_aandeel_lj3": "% techniek lj3",
    "n_vestigingen_techniek": "Vestigingen met techniek",
    "n_lesgevenden_techniek": "Lesgevenden techniek",
    "subsidie_per_jaar_per_techniekleerling_lj3": "Subsidie per jaar per techniekleerling lj3 (€)",
}

# A NULL in these columns is a total row ("totaal"), in these an unknown attribute ("—"), never a
# suppressed count.
DIMENSIONS = {"leerweg", "profiel", "profielgroep", "keuzevak_profiel", "leerling_profiel", "item", "bestemming"}
TEXT_ATTRIBUTES = {"planperiode", "regio_type", "verdeling_middelen", "regio_naam"}


def nl_number(value: Any, decimals: int | None = None) -> str:
    """Dutch number formatting: thousands with '.', decimal comma; whole numbers without decimals
    unless `decimals` is given, other numbers with one decimal by default; None/NaN = '—'."""
    if is_missing(value):
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int) or (decimals is None and float(value).is_integer()):
        text = f"{round(float(value)):,.0f}"
    else:
        text = f"{float(value):,.{1 if decimals is None else decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Cell:
    """One table cell. A number is shown in Dutch format (with `decimals`, then `unit` and `mark`, e.g.
    ' %' and '†'); a missing value as '*' when `suppressed`, else as `missing` ('—', or 'totaal' for the
    total row of a dimension). `text` marks a text column's cell (left-aligned even when empty);
    `style` is '' or 'code' / 'em' for the text; `href` makes it a link."""

    value: Any = None
    suppressed: bool = False
    decimals: int | None = None
    unit: str = ""
    mark: str = ""
    missing: str = "—"
    text: bool = False
    style: str = ""
    href: str = ""  # the text links there

    def __post_init__(self) -> None:
        if is_missing(self.value):
            object.__setattr__(self, "value", None)

    @property
    def numeric(self) -> bool:
        return not self.text and not isinstance(self.value, str)


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = True


@dataclass
class Table:
    """A table block: headings and rows of cells."""

    kind: ClassVar[str] = "table"
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)


def sort_key(row: dict) -> tuple:
    """Display order of mart rows: leerweg (bb, kb, gl, tl, totals last), profielgroep, profiel
    (technical profiles first, as the report), then the profile name."""
    return (
        LEERWEG_ORDER.index(row["leerweg"]) if row.get("leerweg") in LEERWEG_ORDER else 9,
        str(row.get("profielgroep") or ""),
        PROFIEL_ORDER.index(row["profiel"]) if row.get("profiel") in PROFIEL_ORDER else 99,
        str(row.get("profiel") or ""),
    )
