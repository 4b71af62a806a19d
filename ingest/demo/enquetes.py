"""Programme-leader and teacher surveys of the demo (docs/surveys.md): respondent-level long extracts whose
distributions reproduce the report's published values (ingest/demo/survey_published.csv, one row per
published cell) at the published n, linked to the demo's STO regions. Deterministic by seed.

Programme leaders: one respondent per region (a stable pseudonym per region, so panel respondents link
across waves); 48 of 78 regions in 2025 (28 verdeelsleutel, 20 regionaal beheer), 60 in 2021, 51 in 2024;
41 answered 2021 and 2025, 29 all three waves (fewer at small scale, in proportion to the regions).
Teachers: 424 (301 with a technical vak); respondents not aware of STO activities (Tabel 5.1 'nee') are
routed to the end and answer no further items; each table's published base per group decides who answers.

Per (wave, item) the answers are built inside out: the innermost panel's published distribution first,
then the larger panel, then the whole wave (per group when the report publishes groups), each level
getting its published multiset minus what its already assigned members answered. Answers are matched
to panel members so that every group's pool is respected as far as possible."""

from __future__ import annotations

import csv
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

PUBLISHED_FILE = Path(__file__).with_name("survey_published.csv")
SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
PANELS = ("panel_2021_2024_2025", "panel_2021_2025")  # inner to outer


@dataclass(frozen=True)
class Published:
    survey_id: str
    wave: int
    table_id: str
    item_id: str
    population: str
    group_dimension: str
    group_value: str
    measure: str
    answer_code: str
    value: float
    published_flag: str
    n: int | None
    source_line: str


def load_published(path: Path = PUBLISHED_FILE) -> list[Published]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Published(
                r["survey_id"],
                int(r["wave"]),
                r["table_id"],
                r["item_id"],
                r["population"],
                r["group_dimension"],
                r["group_value"],
                r["measure"],
                r["answer_code"],
                float(r["value"]),
                r["published_flag"],
                int(r["n"]) if r["n"] else None,
                r["source_line"],
            )
            for r in csv.DictReader(f, delimiter=";")
        ]


def _seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@dataclass(frozen=True)
class Scale:
    codes: list[str]  # valid codes in order
    invalid: list[str]  # e.g. nvt
    numeric: dict[str, float]


def scales() -> dict[str, Scale]:
    out: dict[str, Scale] = {}
    for r in sorted(_seed_rows("survey_scales"), key=lambda r: (r["scale_id"], int(r["volgorde"]))):
        s = out.setdefault(r["scale_id"], Scale([], [], {}))
        (s.codes if r["is_valid"] == "J" else s.invalid).append(r["answer_code"])
        if r["numeric_value"]:
            s.numeric[r["answer_code"]] = float(r["numeric_value"])
    return out


def item_meta() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(survey_id, item_id) -> (scale_id, top codes)."""
    return {
        (r["survey_id"], r["item_id"]): (r["scale_id"], [c for c in r["top_codes"].split("|") if c])
        for r in _seed_rows("survey_items")
    }


def _round_counts(n: int, shares: list[float]) -> list[int]:
    """Largest-remainder rounding of n * shares (shares need not sum to exactly 1)."""
    total = sum(shares) or 1.0
    raw = [n * s / total for s in shares]
    out = [int(np.floor(x)) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[: n - sum(out)]:
        out[i] += 1
    return out


def _spread(k: int, codes: list[str], near_first: list[str]) -> list[str]:
    """k answers over `codes`, most on the code nearest the top threshold (geometric weights)."""
    if k <= 0 or not codes:
        return []
    order = [c for c in near_first if c in codes]
    weights = [0.6**i for i in range(len(order))]
    return [c for c, m in zip(order, _round_counts(k, weights), strict=True) for _ in range(m)]


def _numeric(n: int, mean: float | None, pct_top: float | None, scale: Scale, top: list[str]) -> list[str]:
    """n numeric answers with the published mean and share in the top codes (e.g. >= 6)."""
    values = sorted(scale.numeric[c] for c in scale.codes if c in scale.numeric)
    top_v = sorted(scale.numeric[c] for c in top)
    low_v = [v for v in values if v not in top_v and v >= 1] or [v for v in values if v not in top_v]
    k = round(n * (pct_top if pct_top is not None else 75.0) / 100)
    k = min(max(k, 0), n)
    vals = [top_v[min(1, len(top_v) - 1)]] * k + [low_v[-1]] * (n - k)
    if mean is not None and n:
        target = round(mean * n)
        lo = [top_v[0]] * k + [low_v[0]] * (n - k)
        hi = [top_v[-1]] * k + [low_v[-1]] * (n - k)
        for i in range(200 * n):
            s = sum(vals)
            if s == target:
                break
            step = 1 if s < target else -1
            j = i % n
            if lo[j] <= vals[j] + step <= hi[j]:
                vals[j] += step
    code_of = {scale.numeric[c]: c for c in scale.codes if c in scale.numeric}
    return [code_of[v] for v in vals]


def target_multiset(rows: list[Published], n: int, scale: Scale, top: list[str]) -> list[str]:
    """The n answers one published cell (its rows of one population x group) stands for."""
    by = {r.measure: r for r in rows if r.measure not in ("pct_category", "count_category")}
    counts = {r.answer_code: int(round(r.value)) for r in rows if r.measure == "count_category"}
    if counts:  # published counts per category (Tabellen 4.2/4.3): exactly those
        return [c for c in scale.codes + scale.invalid for _ in range(counts.get(c, 0))]
    cats = {r.answer_code: r.value for r in rows if r.measure == "pct_category"}
    if cats:
        codes = [c for c in scale.codes + scale.invalid if c in cats]
        return [c for c, m in zip(codes, _round_counts(n, [cats[c] for c in codes]), strict=True) for _ in range(m)]
    n_invalid = 0
    if "pct_not_applicable" in by and scale.invalid:
        n_invalid = round(n * by["pct_not_applicable"].value / 100)
    m = n - n_invalid
    out = [scale.invalid[0]] * n_invalid if n_invalid else []
    if "mean" in by:
        return out + _numeric(m, by["mean"].value, by["pct_top"].value if "pct_top" in by else None, scale, top)
    pct = by["pct_top"].value if "pct_top" in by else 50.0
    k = round(m * pct / 100)
    rest = [c for c in scale.codes if c not in top]
    thr = scale.codes.index(top[0]) if top else len(scale.codes)
    near_top = sorted(top, key=lambda c: scale.codes.index(c) - thr)
    near_rest = sorted(rest, key=lambda c: thr - scale.codes.index(c))
    return out + _spread(k, top, near_top) + _spread(m - k, rest, near_rest)


def _assign(members: list[str], answers: list[str], group_of: dict[str, str], pools, rng) -> dict[str, str]:
    """Give each member one answer of the multiset; prefer members whose group pool still holds it."""
    answers = list(answers)
    rng.shuffle(answers)
    free = list(members)
    out: dict[str, str] = {}
    # scarce answers first: those the pools hold least of
    answers.sort(key=lambda a: sum(p.get(a, 0) for p in pools.values()) if pools else 0)
    for a in answers[: len(free)]:
        if not free:
            break
        best = max(free, key=lambda m: (pools.get(group_of.get(m), Counter()).get(a, 0), -free.index(m)))
        out[best] = a
        free.remove(best)
        pool = pools.get(group_of.get(best))
        if pool is not None and pool.get(a, 0) > 0:
            pool[a] -= 1
    return out


def _fill(members: list[str], pool: Counter, fallback: list[str], rng) -> dict[str, str]:
    """The members get the pool's remaining answers (topped up from `fallback` when it runs short)."""
    answers = [a for a, k in sorted(pool.items()) for _ in range(max(k, 0))]
    rng.shuffle(answers)
    while len(answers) < len(members):
        answers.append(fallback[int(rng.integers(len(fallback)))] if fallback else "")
    return dict(zip(members, answers[: len(members)], strict=True))


def build_answers(
    rng: np.random.Generator,
    survey_id: str,
    wave: int,
    item: str,
    rows: list[Published],
    respondents: list[str],
    group_of: dict[str, str],
    panels: dict[str, list[str]],
    scale: Scale,
    top: list[str],
    bases: dict[str, int] | None = None,
) -> dict[str, str]:
    """respondent -> answer for one (wave, item). bases: panel -> how many of its members answer (an item
    answered by few, e.g. «Andere uitdaging, namelijk…»); the others skip it, and so do the respondents
    outside the panels."""
    out: dict[str, str] = {}
    bases = bases or {}
    skipped: set[str] = set()
    # the whole wave's pools: per group when the report publishes groups, else one pool 'all'
    outer = [r for r in rows if r.population == "all"]
    grouped = [r for r in outer if r.group_dimension != "all"]
    pools: dict[str, Counter] = {}
    members_of: dict[str, list[str]] = {}
    if grouped:
        for g in sorted({r.group_value for r in grouped}):
            ms = [m for m in respondents if group_of.get(m) == g]
            members_of[g] = ms
            cell = [r for r in grouped if r.group_value == g]
            cell += [r for r in outer if r.group_dimension == "all" and r.measure == "pct_not_applicable"]
            pools[g] = Counter(target_multiset(cell, len(ms), scale, top))
    elif outer:
        members_of["all"] = list(respondents)
        pools["all"] = Counter(target_multiset(outer, len(respondents), scale, top))
    fallback: list[str] = []
    for panel in PANELS:
        prow = [r for r in rows if r.population == panel]
        if not prow or panel not in panels:
            continue
        ms = [m for m in panels[panel] if m in respondents and m not in skipped]
        base = bases.get(panel)
        if base is not None and base < len(ms):
            answered = [m for m in ms if m in out]
            others = [m for m in ms if m not in out]
            others = [others[i] for i in rng.permutation(len(others))][: max(0, base - len(answered))]
            skipped |= {m for m in ms if m not in answered and m not in others}
            ms = sorted(answered + others)
        target = Counter(target_multiset(prow, len(ms), scale, top))
        fallback = fallback or list(target.elements())
        todo = [m for m in ms if m not in out]
        done = [out[m] for m in ms if m in out]
        measures = {r.measure: r.value for r in prow}
        if "mean" in measures and done and todo:
            # the rest of this panel: the mean and top share that complete the published ones
            rest_sum = round(measures["mean"] * len(ms)) - sum(scale.numeric.get(a, 0.0) for a in done)
            k = round(measures.get("pct_top", 75.0) * len(ms) / 100) - sum(a in top for a in done)
            pct = 100 * min(max(k, 0), len(todo)) / len(todo)
            answers = _numeric(len(todo), rest_sum / len(todo), pct, scale, top)
        else:
            target.subtract(Counter(done))
            answers = [a for a, k in sorted(target.items()) for _ in range(max(k, 0))]
        while len(answers) < len(todo):
            answers.append(fallback[int(rng.integers(len(fallback)))])
        gpools = pools if grouped else {"all": pools["all"]} if "all" in pools else {}
        gof = group_of if grouped else dict.fromkeys(todo, "all")
        out.update(_assign(todo, answers, gof, gpools, rng))
    if pools:
        for g, ms in members_of.items():
            todo = [m for m in ms if m not in out and m not in skipped]
            fb = list(Counter(pools[g]).elements()) or fallback
            out.update(_fill(todo, +pools[g], fb, rng))
    todo = [m for m in respondents if m not in out and m not in skipped]
    if bases:  # an item answered by few: only the panel members picked above
        todo = []
    if todo:  # no published cell covers them (e.g. non-panel respondents of 2021): like the panel
        fb = fallback or target_multiset(rows, max(len(todo), 1), scale, top)
        out.update({m: fb[int(rng.integers(len(fb)))] for m in todo})
    return {m: a for m, a in out.items() if a}


def _pseudonym(prefix: str, seed: int, key: str) -> str:
    return f"{prefix}{zlib.crc32(f'{seed}:{prefix}:{key}'.encode()):08X}"


def _published_groups(rows: list[Published]) -> dict[tuple, list[Published]]:
    out: dict[tuple, list[Published]] = {}
    for r in rows:
        out.setdefault((r.wave, r.item_id), []).append(r)
    return out


def generate_programmaleiders(rng: np.random.Generator, seed: int, region_ids: list[str]) -> dict[int, pl.DataFrame]:
    """wave -> long extract (respondent_id, golf, sto_regio_id, toedelingswijze, item_id, antwoord)."""
    k = len(region_ids)
    f = min(1.0, k / 78)
    n25, n21, n24, p41, p29, nvs = (max(1, round(x * f)) for x in (48, 60, 51, 41, 29, 28))
    order = [region_ids[i] for i in rng.permutation(k)]
    in25 = order[:n25]
    panel41, panel29 = in25[:p41], in25[:p29]
    rest = order[n25:]
    in21 = panel41 + rest[: max(0, n21 - p41)]
    only21 = rest[: max(0, n21 - p41)]
    candidates24 = [r for r in in25[p41:] + only21 + rest[len(only21) :]]
    in24 = panel29 + [candidates24[i] for i in sorted(rng.permutation(len(candidates24))[: max(0, n24 - p29)])]
    mode25 = ["verdeelsleutel"] * nvs + ["regionaal_beheer"] * (n25 - nvs)
    mode = dict(zip([in25[i] for i in rng.permutation(n25)], mode25, strict=True))
    for r in order:
        mode.setdefault(r, "verdeelsleutel" if rng.random() < 0.58 else "regionaal_beheer")
    rid = {r: _pseudonym("PL", seed, r) for r in region_ids}
    group_of = {rid[r]: mode[r] for r in region_ids}
    panels = {"panel_2021_2024_2025": [rid[r] for r in panel29], "panel_2021_2025": [rid[r] for r in panel41]}
    waves = {2021: in21, 2024: in24, 2025: in25}
    return _generate(
        rng, "PL", waves, rid, group_of, panels, lambda m, r: {"sto_regio_id": r, "toedelingswijze": mode[r]}
    )


def _few_bases(cells: list[Published], panels: dict[str, list[str]]) -> dict[tuple[str, int, str], int]:
    """(item, wave, panel) -> how many panel members answer an item that only few answer (a published n
    below the panel's size, e.g. 8 of the 41 for «Andere uitdaging»). A wave without a published n gets the
    smallest base from that n up whose share of the published percentage is an exact fraction."""
    few: dict[tuple[str, str], int] = {}
    for c in cells:
        if c.n is not None and c.population in panels and c.n < len(panels[c.population]):
            few[(c.item_id, c.population)] = min(c.n, few.get((c.item_id, c.population), c.n))
    out: dict[tuple[str, int, str], int] = {}
    for c in cells:
        key = (c.item_id, c.population)
        if key not in few or c.measure != "pct_top":
            continue
        size = len(panels[c.population])
        if c.n is not None:
            out[(c.item_id, c.wave, c.population)] = c.n
            continue
        base = next(
            (m for m in range(few[key], size + 1) if abs(100 * round(c.value * m / 100) / m - c.value) <= 0.5),
            few[key],
        )
        out[(c.item_id, c.wave, c.population)] = base
    return out


def _generate(rng, survey_id, waves, rid, group_of, panels, attrs) -> dict[int, pl.DataFrame]:
    published = [p for p in load_published() if p.survey_id == survey_id]
    meta = item_meta()
    sc = scales()
    by = _published_groups(published)
    few = _few_bases(published, panels)
    answers: dict[int, dict[str, dict[str, str]]] = {}
    for wave, regions in waves.items():
        respondents = [rid[r] for r in regions]
        answers[wave] = {}
        for (w, item), cells in sorted(by.items()):
            if w != wave:
                continue
            scale_id, top = meta[(survey_id, item)]
            bases = {p: n for (i, wv, p), n in few.items() if i == item and wv == wave}
            answers[wave][item] = build_answers(
                rng, survey_id, wave, item, cells, respondents, group_of, panels, sc[scale_id], top, bases
            )
    _pair_changes(rng, published, answers, panels, sc, meta, survey_id)
    out = {}
    for wave, regions in waves.items():
        region_of = {rid[r]: r for r in regions}
        rows = [
            {"respondent_id": m, "golf": wave, **attrs(m, region_of[m]), "item_id": item, "antwoord": a}
            for item, given in sorted(answers[wave].items())
            for m, a in given.items()
        ]
        out[wave] = pl.DataFrame(rows).sort("respondent_id", "item_id")
    return out


CHANGE_MEASURES = ("pct_up_2plus", "pct_down_2plus")


def _change_cost(targets, members, grade) -> int:
    """Distance of the panel's counts of >= 2 points up / down from the published counts."""
    total = 0
    for pop, w, ref, measure, k in targets:
        n = 0
        for m in members[pop]:
            if m in grade[w] and m in grade[ref]:
                d = grade[w][m] - grade[ref][m]
                n += d >= 2 if measure == "pct_up_2plus" else d <= -2
        total += abs(n - k)
    return total


def _pair_changes(rng, published, answers, panels, sc, meta, survey_id, steps: int = 30000) -> None:
    """Re-pair the panel's grades across waves so that the published «% 2 of meer punten hoger / lager»
    (Tabellen 4.4, B1.5) hold, without changing any published mean or share: moves swap one wave's
    answers between two members of the same panel segment (the inner panel, or the outer panel's other
    members), or move one point from one member to another within a segment without crossing the top
    threshold. Hill climbing on the distance to the published counts (deterministic by rng)."""
    targets: dict[str, list[tuple[str, int, int, str, int]]] = {}
    for p in published:
        if p.measure in CHANGE_MEASURES and p.population in panels:
            size = len(panels[p.population])
            targets.setdefault(p.item_id, []).append(
                (p.population, p.wave, int(p.answer_code), p.measure, round(p.value * size / 100))
            )
    inner, outer = (panels.get(k, []) for k in PANELS)
    segments = [list(inner), [m for m in outer if m not in set(inner)]]
    for item, tg in sorted(targets.items()):
        scale_id, top = meta[(survey_id, item)]
        scale = sc[scale_id]
        code_of = {v: c for c, v in scale.numeric.items()}
        waves = sorted({w for _p, w, ref, _m, _k in tg} | {ref for _p, _w, ref, _m, _k in tg})
        if not all(w in answers and item in answers[w] for w in waves):
            continue
        grade = {w: {m: scale.numeric[a] for m, a in answers[w][item].items() if a in scale.numeric} for w in waves}
        top_v = {scale.numeric[c] for c in top}
        members = {pop: set(panels[pop]) for pop in panels}

        best = _change_cost(tg, members, grade)
        for _ in range(steps):
            if best == 0:
                break
            seg = segments[int(rng.integers(2))] if segments[1] else segments[0]
            w = waves[int(rng.integers(len(waves)))]
            ms = [m for m in seg if m in grade[w]]
            if len(ms) < 2:
                continue
            i, j = (ms[k] for k in rng.choice(len(ms), 2, replace=False))
            g = grade[w]
            old = g[i], g[j]
            if rng.random() < 0.5:
                g[i], g[j] = old[1], old[0]
            else:
                a, b = old[0] + 1, old[1] - 1
                if a not in code_of or b not in code_of or (a in top_v) != (old[0] in top_v):
                    continue
                if (b in top_v) != (old[1] in top_v):
                    continue
                g[i], g[j] = a, b
            c = _change_cost(tg, members, grade)
            if c <= best:
                best = c
            else:
                g[i], g[j] = old
        for w in waves:
            for m, v in grade[w].items():
                answers[w][item][m] = code_of[v]


def generate_lesgevenden(rng: np.random.Generator, seed: int, region_ids: list[str]) -> pl.DataFrame:
    """The 2025 teacher extract (respondent_id, golf, sto_regio_id, technisch_vak, item_id, antwoord)."""
    published = [p for p in load_published() if p.survey_id == "LG"]
    meta = item_meta()
    sc = scales()
    n_tech, n_other = 301, 123
    ids = [_pseudonym("LG", seed, str(i)) for i in range(n_tech + n_other)]
    group_of = {m: ("wel" if i < n_tech else "niet") for i, m in enumerate(ids)}
    region = {m: region_ids[int(rng.integers(len(region_ids)))] for m in ids}
    by = _published_groups(published)
    by.pop((2025, "lg_technisch_vak"), None)  # the grouping column itself (staging derives the item)
    # awareness first: it routes the rest
    aware_rows = by.pop((2025, "lg_bekendheid"))
    scale_id, top = meta[("LG", "lg_bekendheid")]
    bekend = build_answers(rng, "LG", 2025, "lg_bekendheid", aware_rows, ids, group_of, {}, sc[scale_id], top)
    answers: dict[str, dict[str, str]] = {"lg_bekendheid": bekend}
    aware = [m for m in ids if bekend.get(m) in ("ja", "enigszins")]
    tables: dict[str, list[str]] = {}
    for (_w, item), cells in sorted(by.items()):
        tables.setdefault(cells[0].table_id, []).append(item)
    for table_id, items in sorted(tables.items()):
        cells = [c for c in published if c.table_id == table_id]
        base = {c.group_value: c.n for c in cells if c.n is not None}
        # a table every respondent answers (the profile, Tabel B2.1: asked before the routing) or the aware
        everyone = all(base.get(g) == sum(group_of[m] == g for m in ids) for g in ("wel", "niet"))
        answering: list[str] = []
        for g in ("wel", "niet"):
            pool = [m for m in (ids if everyone else aware) if group_of[m] == g]
            order = [pool[i] for i in rng.permutation(len(pool))]
            answering += order[: min(len(pool), base.get(g) or len(pool))]
        answering.sort()
        for item in items:
            scale_id, top = meta[("LG", item)]
            answers[item] = build_answers(
                rng, "LG", 2025, item, by[(2025, item)], answering, group_of, {}, sc[scale_id], top
            )
    rows = [
        {
            "respondent_id": m,
            "golf": 2025,
            "sto_regio_id": region[m],
            "technisch_vak": "J" if group_of[m] == "wel" else "N",
            "item_id": item,
            "antwoord": a[m],
        }
        for item, a in answers.items()
        for m in ids
        if m in a
    ]
    return pl.DataFrame(rows).sort("respondent_id", "item_id")


@dataclass(frozen=True)
class InterestRule:
    """The interest-phase rule (docs/surveys.md "Derived items"), read from the seed survey_derived_items
    that stg_survey__derived_answers applies too: per phase the mean of its answered statements (at least
    `min_answers`), the phase with the highest mean (ties: the later phase), `else_code` when that mean is
    below `threshold`."""

    phase_of_statement: tuple[int, ...]  # the phase of ll_interesse_01, _02, ... in order
    threshold: float
    min_answers: int
    else_code: str

    @property
    def phases(self) -> tuple[str, ...]:
        """The answer codes in the order of the scale interessefase5: no phase, then the phases."""
        return (self.else_code, *(str(p) for p in sorted(set(self.phase_of_statement))))


@cache
def interest_rule() -> InterestRule:
    rows = sorted(
        (r for r in _seed_rows("survey_derived_items") if r["item_id"] == "ll_interessefase"),
        key=lambda r: r["source_item_id"],
    )
    (threshold, min_answers, else_code), *_ = {(r["threshold"], r["min_answers"], r["else_code"]) for r in rows}
    return InterestRule(tuple(int(r["code"]) for r in rows), float(threshold), int(min_answers), else_code)


def interest_phase(answers: list[int | None]) -> str | None:
    """The rule of stg_survey__derived_answers, for the generator's own check; None (not classified) when
    a phase has fewer than min_answers answered statements."""
    rule = interest_rule()
    means = []
    for phase in sorted(set(rule.phase_of_statement)):
        vals = [a for a, p in zip(answers, rule.phase_of_statement, strict=True) if p == phase and a is not None]
        if len(vals) < rule.min_answers:
            return None
        means.append(sum(vals) / len(vals))
    best = max(means)
    if best < rule.threshold:
        return rule.else_code
    return str(max(i for i, m in enumerate(means, 1) if m == best))


def _interest_answers(rng: np.random.Generator, phase: str, drop_one: bool) -> list[int | None]:
    """Twelve statement answers (1-5) whose derived phase is `phase`: the phase's own statements high,
    earlier phases middling, later phases low (rejection-sampled until the rule gives `phase`)."""
    rule = interest_rule()
    target = 0 if phase == rule.else_code else int(phase)
    while True:
        answers: list[int | None] = []
        for p in rule.phase_of_statement:
            if target == 0:
                pool, w = (1, 2, 3), (0.5, 0.35, 0.15)
            elif p == target:
                pool, w = (3, 4, 5), (0.35, 0.4, 0.25)
            elif p < target:
                pool, w = (2, 3, 4), (0.3, 0.45, 0.25)
            else:
                pool, w = (1, 2, 3), (0.4, 0.4, 0.2)
            answers.append(int(rng.choice(pool, p=w)))
        if drop_one:
            answers[int(rng.integers(len(answers)))] = None
        if interest_phase(answers) == phase:
            return answers


def _cell_shares(published: list[Published], table_id: str, group_value: str, codes: list[str]) -> list[float]:
    by = {p.answer_code: p.value for p in published if p.table_id == table_id and p.group_value == group_value}
    return [by[c] for c in codes]


def _choose(rng: np.random.Generator, pool: list[str], k: int) -> list[str]:
    """k members of pool, drawn without replacement (order of the pool kept)."""
    keep = set(rng.permutation(len(pool))[: max(0, min(k, len(pool)))].tolist())
    return [m for i, m in enumerate(pool) if i in keep]


def _deal(rng: np.random.Generator, members: list[str], codes: list[str], counts: list[int]) -> dict[str, str]:
    answers = [c for c, k in zip(codes, counts, strict=True) for _ in range(k)]
    order = rng.permutation(len(members))
    return {members[int(j)]: a for j, a in zip(order, answers, strict=False)}


def _row_pct_matrix(pub: list[list[float]], col: list[int], rng: np.random.Generator) -> list[list[int]]:
    """Counts M[row][phase] with column sums `col` (the phases of the answering pupils) whose row
    percentages come as close as the integers allow to the published ones `pub` (Tabellen 6.9-6.11):
    least-squares row sizes, then hill-climbing moves of one pupil between rows (fewest cells off by more
    than 3 points, then smallest total error), from a few deterministic restarts."""

    def score(m):
        off, err = 0, 0.0
        for r, row in enumerate(m):
            n = sum(row)
            for p, k in enumerate(row):
                d = abs((100.0 * k / n if n else 0.0) - pub[r][p])
                off += d > 3.0
                err += d
        return (off, err)

    a = np.array(pub, dtype=float).T / 100.0  # phases x rows
    sizes = np.clip(np.linalg.lstsq(a, np.array(col, dtype=float), rcond=None)[0], 1.0, None)
    best, best_score = None, None
    for attempt in range(6):
        w = sizes * (1.0 if attempt == 0 else rng.uniform(0.7, 1.3, size=len(sizes)))
        m = [[0] * len(col) for _ in pub]
        for p, c in enumerate(col):
            for r, k in enumerate(_round_counts(c, [pub[r][p] * w[r] + 1e-6 for r in range(len(pub))])):
                m[r][p] = k
        cur = score(m)
        improved = True
        while improved:
            improved = False
            for p in range(len(col)):
                for r1 in range(len(pub)):
                    for r2 in range(len(pub)):
                        if r1 == r2 or m[r1][p] == 0:
                            continue
                        m[r1][p] -= 1
                        m[r2][p] += 1
                        new = score(m)
                        if new < cur:
                            cur, improved = new, True
                        else:
                            m[r1][p] += 1
                            m[r2][p] -= 1
        if best_score is None or cur < best_score:
            best, best_score = [row[:] for row in m], cur
    return best


def generate_leerlingen(rng: np.random.Generator, seed: int, region_ids: list[str]) -> pl.DataFrame:
    """The 2025 pupil extract (respondent_id, golf, school_id, sto_regio_id, bouw_groep, item_id, antwoord):
    1,049 pupils of 28 schools (most from two schools, twelve with more than 10), 846 onderbouw, 86
    bovenbouw without and 117 with a technical profile/keuzevak (Tabel 6.1); Tabel 6.2 answered by 724,
    6.3 by 953; the effect of an activity is asked of the pupils who took part in it.
    Interest (Figuur 6.6, Tabel 6.4): 718 / 73 / 96 pupils answer the twelve statements so that the
    derived phase follows the published shares (one in twenty skips one statement and is still classified;
    30 more answer only some statements and are not classified). The onderbouw's expected profile (6.5,
    658 pupils) follows the published share per phase; participation in >= 1 activity (not 'geen
    techniek-activiteit', 6.6/6.7) is dealt within the technical and non-technical choosers so that both
    rows hold; the expected vervolgopleiding (6.8) is answered by 883 classified pupils per phase; the
    autonomy / relatedness / competence statements (6.9-6.11) by 90 bovenbouw pupils with a technical
    profile, their collapsed answers per phase fitted to the published row percentages."""
    published = [p for p in load_published() if p.survey_id == "LL"]
    meta = item_meta()
    sc = scales()
    n = 1049
    ids = [_pseudonym("LL", seed, str(i)) for i in range(n)]
    groups = ["onderbouw"] * 846 + ["bovenbouw_zonder_techniek"] * 86 + ["bovenbouw_met_techniek"] * 117
    group_of = dict(zip(ids, groups, strict=True))
    sizes = [330, 280] + [40, 35, 30, 28, 25, 22, 20, 18, 15, 12] + [10, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3, 2]
    sizes[0] += n - sum(sizes)
    schools = [f"S{zlib.crc32(f'{seed}:school:{k}'.encode()):08X}" for k in range(len(sizes))]
    school_of = np.repeat(np.arange(len(sizes)), sizes)[rng.permutation(n)]
    school_region = {s: region_ids[int(rng.integers(len(region_ids)))] for s in schools}
    by = _published_groups(published)
    answers: dict[str, dict[str, str]] = {}
    # Tabel 6.1: characteristics; leerjaar in order of the groups (onderbouw = the lower leerjaren)
    for item in ("ll_leerjaar", "ll_leerweg", "ll_reistijd"):
        scale_id, top = meta[("LL", item)]
        multiset = target_multiset(by[(2025, item)], n, sc[scale_id], top)
        if item != "ll_leerjaar":
            rng.shuffle(multiset)
        answers[item] = dict(zip(ids, multiset, strict=True))

    # Tabel 6.4: the interest phase of the classified pupils per bouw_groep
    phases = interest_rule().phases  # ("geen", "1", ..., "4"): the rule's answer codes in order
    phase: dict[str, str] = {}
    for g in ("onderbouw", "bovenbouw_zonder_techniek", "bovenbouw_met_techniek"):
        cell = [p for p in published if p.table_id == "6.4" and p.group_value == g]
        members = _choose(rng, [m for m in ids if group_of[m] == g], cell[0].n or 0)
        counts = _round_counts(len(members), _cell_shares(published, "6.4", g, list(phases)))
        phase.update(_deal(rng, members, list(phases), counts))
    classified = [m for m in ids if m in phase]
    for k, m in enumerate(classified):
        for i, a in enumerate(_interest_answers(rng, phase[m], drop_one=k % 20 == 7), 1):
            if a is not None:
                answers.setdefault(f"ll_interesse_{i:02d}", {})[m] = str(a)
    unclassified = [m for m in ids if m not in phase]
    for m in _choose(rng, unclassified, 30):  # partial answers: some phase lacks two statements
        for i in sorted(rng.permutation(12)[:4].tolist()):
            answers.setdefault(f"ll_interesse_{i + 1:02d}", {})[m] = str(int(rng.integers(1, 6)))

    def by_phase(members: list[str]) -> dict[str, list[str]]:
        return {f: [m for m in members if phase[m] == f] for f in phases}

    # Tabel 6.5: expected profile of 658 onderbouw pupils (stratified by phase), per phase as published
    n_profile = next(p.n for p in published if p.table_id == "6.5" and p.n)
    onder = by_phase([m for m in classified if group_of[m] == "onderbouw"])
    strata = _round_counts(n_profile, [len(onder[f]) for f in phases])
    profile: dict[str, str] = {}
    codes = ["geen_technisch", "technisch"]
    for f, k in zip(phases, strata, strict=True):
        members = _choose(rng, onder[f], k)
        profile.update(_deal(rng, members, codes, _round_counts(k, _cell_shares(published, "6.5", f, codes))))
    answers["ll_verwacht_profiel"] = profile
    choosers = sorted(profile)

    # Tabellen 6.2 / 6.3 / 6.6 / 6.7: who answered the activity questions and who took part in >= 1
    # (participation = not 'Ik heb geen techniek-activiteit met school meegemaakt', seed survey_derived_items)
    for table_id, level, crosstab, n_skip in (("6.2", "po", "6.6", 2), ("6.3", "vo", "6.7", 0)):
        base = next(c.n for c in published if c.table_id == table_id and c.n)
        acts = sorted(i for (_w, i) in by if i.startswith(f"ll_{level}_activiteit_"))
        none_item = acts[-1]  # 'Ik heb geen techniek-activiteit met school meegemaakt'
        none_total = round(base * next(p.value for p in by[(2025, none_item)] if p.measure == "pct_top") / 100)
        in_table = _choose(rng, choosers, len(choosers) - n_skip)
        others = _choose(rng, [m for m in ids if m not in profile], base - len(in_table))
        tech = [m for m in in_table if profile[m] == "technisch"]
        pct_no = _cell_shares(published, crosstab, "nee", codes)[1] / 100
        pct_yes = _cell_shares(published, crosstab, "ja", codes)[1] / 100
        # non-participants among the choosers: as many as make both rows hold, within the published total
        ideal = (pct_yes * len(in_table) - len(tech)) / (pct_yes - pct_no) if pct_yes != pct_no else 0
        n_no = int(min(max(round(ideal), 0), none_total, len(in_table)))
        shift = (len(tech) - pct_no * n_no - pct_yes * (len(in_table) - n_no)) / max(len(in_table), 1)
        tech_no = min(max(round(n_no * (pct_no + shift)), 0), len(tech), n_no)
        no_part = set(_choose(rng, tech, tech_no))
        no_part |= set(_choose(rng, [m for m in in_table if profile[m] != "technisch"], n_no - tech_no))
        no_part |= set(_choose(rng, others, none_total - len(no_part)))
        answering = sorted(in_table + others)
        took = [m for m in answering if m not in no_part]
        answers[none_item] = {m: ("ja" if m in no_part else "nee") for m in answering}
        for act in acts[:-1]:
            share = next(p.value for p in by[(2025, act)] if p.measure == "pct_top")
            yes = set(_choose(rng, took, round(base * share / 100)))
            answers[act] = {m: ("ja" if m in yes else "nee") for m in answering}
            effect = act.replace("_activiteit_", "_effect_")
            if (2025, effect) in by:
                took_part = [m for m in answering if m in yes]
                scale_id, top = meta[("LL", effect)]
                answers[effect] = build_answers(
                    rng, "LL", 2025, effect, by[(2025, effect)], took_part, {}, {}, sc[scale_id], top
                )

    # Tabel 6.8: expected vervolgopleiding of 883 classified pupils, per phase as published
    n_vervolg = next(p.n for p in published if p.table_id == "6.8" and p.n)
    every = by_phase(classified)
    strata = _round_counts(n_vervolg, [len(every[f]) for f in phases])
    vcodes = ["mbo", "havo", "geen_idee"]
    answers["ll_vervolgopleiding"] = {}
    for f, k in zip(phases, strata, strict=True):
        members = _choose(rng, every[f], k)
        counts = _round_counts(k, _cell_shares(published, "6.8", f, vcodes))
        answers["ll_vervolgopleiding"].update(_deal(rng, members, vcodes, counts))

    # Tabellen 6.9-6.11: 90 bovenbouw pupils with a technical profile (stratified by phase) answer the
    # nine statements (eens5); per statement the collapsed answers per phase fit the row percentages
    met = by_phase([m for m in classified if group_of[m] == "bovenbouw_met_techniek"])
    k3 = sorted({p.item_id for p in published if p.measure == "pct_row"})
    strata = _round_counts(90, [len(met[f]) for f in phases])
    panel = {f: _choose(rng, met[f], k) for f, k in zip(phases, strata, strict=True)}
    collapsed = ("niet_eens", "neutraal", "eens")
    raw_codes = {"niet_eens": (["1", "2"], [0.3, 0.7]), "neutraal": (["3"], [1.0]), "eens": (["4", "5"], [0.65, 0.35])}
    for item in k3:
        rows = [p for p in published if p.item_id == item and p.measure == "pct_row"]
        pub = [
            [next(r.value for r in rows if r.answer_code == c and r.group_value == f) for f in phases]
            for c in collapsed
        ]
        m = _row_pct_matrix(pub, [len(panel[f]) for f in phases], rng)
        raw_item = item.removesuffix("_k3")
        answers[raw_item] = {}
        for j, f in enumerate(phases):
            cats = _deal(rng, panel[f], list(collapsed), [m[r][j] for r in range(3)])
            for member, cat in cats.items():
                pool, w = raw_codes[cat]
                answers[raw_item][member] = str(rng.choice(pool, p=w))

    rows = [
        {
            "respondent_id": m,
            "golf": 2025,
            "school_id": schools[school_of[i]],
            "sto_regio_id": school_region[schools[school_of[i]]],
            "bouw_groep": groups[i],
            "item_id": item,
            "antwoord": a[m],
        }
        for item, a in answers.items()
        for i, m in enumerate(ids)
        if m in a
    ]
    return pl.DataFrame(rows).sort("respondent_id", "item_id")
