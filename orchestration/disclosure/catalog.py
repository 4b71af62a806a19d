"""What each published figure counts, read from orchestration/disclosure/declarations.yml (docs/release.md,
"Declaring a figure"): one declaration per indicator and per topic-mart column, checked against the dbt
manifest (every indicator of `meta.indicators[]` and every mart and column must be declared, nothing
else may be).

- `populations`: every counted population, its kind (pupils | teachers | respondents: the threshold)
  and how it relates to another population (`breakdown_of`: its cells split the other's by one more
  dimension; `subset_of`: each cell is at most the other's cell with the same key).
- `indicators.<id>`: per unit, the figures of a row that show a count of a population (`value`,
  `numerator`, `denominator`, `numerator+denominator` for a change whose numerator is the difference,
  `persons` for the teacher persons behind a cell from the helper mart, `rests_on` for a cell looked
  up by population and key) or `none` (the unit counts no persons); `none` for the whole indicator.
- `marts.<name>`: `model` (the key columns, the year column, columns never released (`withheld`), a
  name/value column pair naming one dimension (`paired`), `labels` shown as they are) and `columns`
  (per column: `population` (a count), `rests_on` (a figure computed from count columns), `copy_of`
  (a copy of an indicator_values figure) or `suppression: none` (shown as it is)); `none` for a table
  that counts no persons and `{released: false}` for a helper that never leaves the warehouse.

A count spec (a string = its population, or a mapping): `population`, `key` (dimensions added to the
row's key, e.g. `{profielgroep: techniek}` for a share's numerator), `not_by` (row dimensions that are
not part of the count's key), `year` (`previous`, `baseline` = var teacher_baseline_schooljaar, or
`reference` = by the row's `verandering`: vorig_jaar / nulmeting), `when` (only rows with these
dimension values), `rename` (a row dimension counted under another name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orchestration.dbt_manifest import node_meta, project_vars
from orchestration.errors import UserError

THRESHOLD_VARS = {
    "pupils": "pupil_suppression_threshold",
    "teachers": "teacher_suppression_threshold",
    "respondents": "respondent_suppression_threshold",
}
FIGURES = ("value", "numerator", "denominator", "numerator+denominator", "persons")
YEARS = ("previous", "baseline", "reference")
INDICATOR_TABLE = "indicator_values"
DECLARATIONS = Path(__file__).with_name("declarations.yml")


def thresholds() -> dict[str, int]:
    """Kind -> threshold (a count of persons below it is primary), from the dbt vars."""
    v = project_vars()
    return {kind: int(v[var]) for kind, var in THRESHOLD_VARS.items()}


@dataclass(frozen=True)
class Population:
    name: str
    kind: str
    breakdown_of: str | None = None
    subset_of: str | None = None


@dataclass(frozen=True)
class Count:
    """A count a figure shows (`figure`: an indicator_values column or a mart column) or, with figure
    `rests_on`, a cell it rests on that is looked up by population and key (whatever its value)."""

    figure: str
    population: str
    key: tuple[tuple[str, str], ...] = ()
    not_by: tuple[str, ...] = ()
    year: str | None = None
    when: tuple[tuple[str, str | None], ...] = ()
    rename: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Copy:
    """A mart column that copies an indicator_values figure: hidden exactly when that row is."""

    indicator: str
    unit: str
    key: tuple[tuple[str, str], ...]  # indicator_values dimension -> mart column
    year: str
    when: tuple[tuple[str, str], ...] = ()


@dataclass
class Mart:
    name: str
    released: bool = True
    none: bool = False
    key: tuple[tuple[str, str], ...] = ()  # (column, dimension)
    year: str | None = "schooljaar"
    withheld: tuple[str, ...] = ()
    paired: tuple[tuple[str, str], ...] = ()
    total_value: str | None = None
    counts: dict[str, Count] = field(default_factory=dict)
    rests_on: dict[str, tuple[str, ...]] = field(default_factory=dict)  # -> count or copy columns
    lookups: dict[str, tuple[Count, ...]] = field(default_factory=dict)  # column -> cells looked up
    copies: dict[str, Copy] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)
    columns: tuple[str, ...] = ()


@dataclass
class Catalog:
    populations: dict[str, Population]
    groups: dict[str, dict[str, str]]  # dimension -> member value -> group value (50-59 -> 50+)
    indicators: dict[str, dict[str, tuple[Count, ...]]]  # indicator -> unit ("*" = any) -> counts
    marts: dict[str, Mart]
    thresholds: dict[str, int]
    baseline_year: int

    def counts_of(self, indicator: str, unit: str) -> tuple[Count, ...]:
        units = self.indicators.get(indicator)
        if units is None:
            raise UserError(f"indicator {indicator} has no disclosure declaration (meta.indicators[].disclosure)")
        if unit in units:
            return units[unit]
        if "*" in units:
            return units["*"]
        raise UserError(f"indicator {indicator}: unit {unit!r} has no disclosure declaration")

    def threshold(self, population: str) -> int:
        return self.thresholds[self.populations[population].kind]


def _pairs(value, where: str, nulls: bool = False) -> tuple:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise UserError(f"{where}: expected a mapping, found {value!r}")
    return tuple(sorted((str(k), None if v is None and nulls else str(v)) for k, v in value.items()))


def _count(figure: str, spec, where: str) -> Count:
    if isinstance(spec, str):
        spec = {"population": spec}
    if not isinstance(spec, dict) or "population" not in spec:
        raise UserError(f"{where}: {figure} needs a population")
    unknown = set(spec) - {"population", "key", "not_by", "year", "when", "rename"}
    if unknown:
        raise UserError(f"{where}: unknown key(s) {sorted(unknown)}")
    year = spec.get("year")
    if year is not None and year not in YEARS:
        raise UserError(f"{where}: year {year!r} (expected one of {', '.join(YEARS)})")
    return Count(
        figure=figure,
        population=str(spec["population"]),
        key=_pairs(spec.get("key"), where),
        not_by=tuple(spec.get("not_by") or ()),
        year=year,
        when=_pairs(spec.get("when"), where, nulls=True),
        rename=_pairs(spec.get("rename"), where),
    )


def _counts(figure: str, spec, where: str) -> list[Count]:
    """One spec or a list of them (each usually with its own `when`)."""
    return [_count(figure, s, where) for s in (spec if isinstance(spec, list) else [spec])]


def _indicator(indicator: str, decl) -> dict[str, tuple[Count, ...]]:
    where = f"indicator {indicator}"
    if decl is None:
        raise UserError(f"{where} has no disclosure declaration ({DECLARATIONS.name}: indicators)")
    if decl == "none":
        return {"*": ()}
    if not isinstance(decl, dict):
        raise UserError(f"{where}: disclosure must be 'none' or a mapping unit -> figures")
    out = {}
    for unit, figures in decl.items():
        if figures == "none":
            out[str(unit)] = ()
            continue
        if not isinstance(figures, dict):
            raise UserError(f"{where}, unit {unit}: expected 'none' or a mapping figure -> population")
        bad = set(figures) - {*FIGURES, "rests_on"}
        if bad:
            raise UserError(f"{where}, unit {unit}: unknown figure(s) {sorted(bad)} (expected {', '.join(FIGURES)})")
        out[str(unit)] = tuple(c for f, spec in figures.items() for c in _counts(f, spec, f"{where}, unit {unit}"))
    return out


def _mart(node: dict, spec) -> Mart:
    name = node["name"]
    columns = tuple(node.get("columns") or ())
    if spec is None:
        raise UserError(f"marts.{name} has no disclosure declaration ({DECLARATIONS.name}: marts)")
    if spec == "none":
        return Mart(name, none=True, columns=columns)
    if not isinstance(spec, dict):
        raise UserError(f"marts.{name}: disclosure must be 'none' or a mapping")
    if spec.get("released") is False:
        return Mart(name, released=False, columns=columns)
    decl = spec.get("model") or {}
    column_decls = spec.get("columns") or {}
    unknown_columns = set(column_decls) - set(columns)
    if unknown_columns:
        raise UserError(f"marts.{name}: declared column(s) {sorted(unknown_columns)} are not in the model's YAML")
    unknown = set(decl) - {"key", "year", "withheld", "labels", "paired", "total_value"}
    if unknown:
        raise UserError(f"marts.{name}: unknown disclosure key(s) {sorted(unknown)}")
    mart = Mart(
        name,
        released=bool(decl.get("released", True)),
        key=tuple((k, k) if isinstance(k, str) else next(iter(k.items())) for k in decl.get("key") or ()),
        year=decl.get("year", "schooljaar"),
        withheld=tuple(decl.get("withheld") or ()),
        paired=tuple(tuple(p) for p in decl.get("paired") or ()),
        total_value=decl.get("total_value"),
        shown=set(decl.get("labels") or ()),
        columns=columns,
    )
    if not mart.released:
        return mart
    special = (
        {c for c, _ in mart.key} | set(mart.withheld) | {c for p in mart.paired for c in p} | {mart.year} | mart.shown
    )
    undeclared = []
    for col_name in columns:
        meta = column_decls.get(col_name) or {}
        where = f"marts.{name}.{col_name}"
        roles = [k for k in ("population", "rests_on", "copy_of") if k in meta]
        if meta.get("suppression") == "none":
            roles.append("suppression")
        if len(roles) > 1 and roles != ["population", "rests_on"]:
            raise UserError(f"{where}: declares {', '.join(roles)}; expected one of them")
        if "population" in meta:
            spec = {k: meta[k] for k in ("population", "key", "year", "not_by", "rename") if k in meta}
            mart.counts[col_name] = _count(col_name, spec, where)
        if "rests_on" in meta:
            items = meta["rests_on"] or ()
            mart.rests_on[col_name] = tuple(i for i in items if isinstance(i, str))
            looked = [_count("rests_on", i, where) for i in items if not isinstance(i, str)]
            if looked:
                mart.lookups[col_name] = tuple(looked)
        if "copy_of" in meta:
            c = meta["copy_of"]
            mart.copies[col_name] = Copy(
                indicator=c["indicator"],
                unit=c["unit"],
                key=_pairs(c.get("key"), where),
                year=c.get("year", "schooljaar"),
                when=_pairs(c.get("when"), where),
            )
        if meta.get("suppression") == "none":
            mart.shown.add(col_name)
        if not roles and col_name not in special:
            undeclared.append(col_name)
    if undeclared:
        raise UserError(
            f"marts.{name}: column(s) {', '.join(undeclared)} have no disclosure declaration ({DECLARATIONS.name}:"
            " population, rests_on, copy_of or suppression: none; or key, labels or withheld of the model)"
        )
    for col, rests in mart.rests_on.items():
        missing = [r for r in rests if r not in mart.counts and r not in mart.copies]
        if missing:
            raise UserError(f"marts.{name}.{col}: rests_on names {missing}, which are no count columns")
    return mart


def declarations(path: Path = DECLARATIONS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def catalog_of(manifest: dict, decl: dict | None = None) -> Catalog:
    """Every declaration (default: declarations.yml) checked against the dbt manifest: each mart and
    each indicator declared once, each population known."""
    decl = declarations() if decl is None else decl
    mart_decls = decl.get("marts") or {}
    indicator_decls = decl.get("indicators") or {}
    marts: dict[str, Mart] = {}
    indicators: dict[str, dict[str, tuple[Count, ...]]] = {}
    populations: dict[str, Population] = {}
    limits = thresholds()
    for pop, spec in (decl.get("populations") or {}).items():
        populations[pop] = Population(pop, spec["kind"], spec.get("breakdown_of"), spec.get("subset_of"))
    groups = {
        dim: {str(m): str(g) for g, members in by_group.items() for m in members}
        for dim, by_group in (decl.get("groups") or {}).items()
    }
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model":
            continue
        for ind in node_meta(node).get("indicators", []) or []:
            if ind["id"] in indicators:
                raise UserError(f"indicator {ind['id']} is in meta.indicators[] of two models")
            indicators[ind["id"]] = _indicator(ind["id"], indicator_decls.get(ind["id"]))
        if node.get("name") == INDICATOR_TABLE:
            marts[INDICATOR_TABLE] = Mart(INDICATOR_TABLE, columns=tuple(node.get("columns") or ()))
        elif str(node.get("schema", "")).endswith("marts") or "/marts/" in str(node.get("original_file_path", "")):
            marts[node["name"]] = _mart(node, mart_decls.get(node["name"]))
    stray = sorted(set(indicator_decls) - set(indicators)) + sorted(set(mart_decls) - set(marts))
    if stray:
        raise UserError(f"{DECLARATIONS.name} declares {', '.join(stray)}, which the dbt project does not have")
    for p in populations.values():
        if p.kind not in limits:
            raise UserError(f"population {p.name}: kind {p.kind!r} (expected one of {', '.join(limits)})")
        for other in (p.breakdown_of, p.subset_of):
            if other is not None and other not in populations:
                raise UserError(f"population {p.name} refers to unknown population {other}")
    used = [(f"indicator {i}", c) for i, units in indicators.items() for cs in units.values() for c in cs]
    used += [(f"marts.{m.name}.{c.figure}", c) for m in marts.values() for c in m.counts.values()]
    used += [(f"marts.{m.name}.{col}", c) for m in marts.values() for col, cs in m.lookups.items() for c in cs]
    for where, c in used:
        if c.population not in populations:
            raise UserError(
                f"{where}: unknown population {c.population!r} (declare it under populations in {DECLARATIONS.name})"
            )
    return Catalog(populations, groups, indicators, marts, limits, int(project_vars()["teacher_baseline_schooljaar"]))
