"""Demo programme administration (landing/sto_programma/, docs/programme_admin.md): one row per demo
STO region and plan period, ILLUSTRATIVE, calibrated on the published distributions of the 71 plans
approved by January 2020 (indicators.md §2.14; 003 Tabel 2.1 and 2.2) and on the PL survey 2025 (H3).

Plan period 2020-2024 (the 2020-2024 budgets, 000:L44-47): all demo regions; the first
round(71 * k / 78) are 'approved by January 2020'
(datum_goedkeuring <= 2020-01-31) and reproduce Tabel 2.1/2.2 (min, max, totals; counts of regions
per class exactly); the others were approved later (as the seven regions given until 1 June 2020 and
Dronten in 2021) with plausible values outside the published population.
Plan period 2025-2028: the regions after the 2025 mergers (78 -> 74), partners of merged regions
added up, subsidy about EUR 97 mln a year (004:L22-24) shared like the 2020 budgets, techniekluw
regions at most EUR 4 mln (004:L44-45); allocation mode for round(48 * n / 74) survey respondents
(28 verdeelsleutel : 20 regionaal beheer, 002:L1052), empty for the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.demo.reference import Regions

HEADER = [
    "sto_regio_id",
    "regio_naam",
    "planperiode",
    "datum_goedkeuring",
    "regio_type",
    "verdeling_middelen",
    "n_vmbo_vestigingen",
    "n_mbo_instellingen",
    "n_bedrijven",
    "n_po_scholen",
    "n_vso_pro_vestigingen",
    "n_hbo_instellingen",
    "n_gemeenten",
    "n_overig",
    "subsidie_eur",
    "cofinanciering_eur",
]
APPROVAL_CUTOFF = "2020-01-31"
N_PUBLISHED = 71
N_FORMED = 78


@dataclass(frozen=True)
class Published:
    """Tabel 2.1 / 2.2 and the text around them (003:L270-408), for the 71 plans approved by Jan 2020."""

    vmbo = (2, 35, 531)  # min, max, total
    n_vmbo_at_min = 4  # «In vier regio's ... minimale aantal van twee»
    mbo_classes = {1: 29, 2: 26, 3: 9, 4: 7}  # regions with 1/2/3/4 mbo-instellingen (total 136)
    bedrijven = (1, 84, 922)
    po = (23, 6, 26, 129)  # regions with po, of which with exactly one, max, total
    vso_pro = (34, 6, 68)  # regions, max, total (min 1)
    hbo = (3, 2, 4)  # regions, max, total
    gemeenten = (42, 2, 9, 118)  # regions, min, max, total
    partners_excl_po = (8, 108)  # min, max per region (table total 1.776, mean 25,0)
    subsidy_k = (1_399, 19_130, 347_983)  # x EUR 1.000
    techniekarm_subsidy_share = 4.0  # percent of the subsidy to the techniekarme regions
    cofin_k = (175, 3_140, 52_022)
    n_share_10_15 = 46  # regions with 10-15 % cofinancing
    n_share_gt_25 = 5  # regions with more than 25 %, the largest 47 %
    share_max = 47.0


def fit_integers(
    rng: np.random.Generator, n: int, lo: int, hi: int, total: int, sigma: float = 0.6, weights=None
) -> np.ndarray:
    """n integers in [lo, hi] that add up to `total` (clipped to what is feasible), spread like weights."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    total = int(min(max(total, n * lo), n * hi))
    w = rng.lognormal(0.0, sigma, n) if weights is None else np.asarray(weights, dtype=float) + 1e-9
    extra = np.zeros(n)
    room = float(total - n * lo)
    free = np.ones(n, dtype=bool)
    for _ in range(50):  # water-filling: share the room by weight, capping at hi
        if room <= 1e-9 or not free.any():
            break
        share = room * w * free / (w * free).sum()
        extra = extra + share
        over = extra > hi - lo
        room = float((extra[over] - (hi - lo)).sum())
        extra[over] = hi - lo
        free &= ~over
    values = lo + np.floor(extra).astype(np.int64)
    rest = total - int(values.sum())
    order = np.argsort(-(extra - np.floor(extra)), kind="stable")
    for i in order:
        if rest <= 0:
            break
        if values[i] < hi:
            values[i] += 1
            rest -= 1
    return values


def _with_anchors(rng, n: int, lo: int, hi: int, total: int, anchors: dict[int, int], weights=None) -> np.ndarray:
    """fit_integers for the rows not in anchors (index -> fixed value), bounds kept strictly inside."""
    free = [i for i in range(n) if i not in anchors]
    out = np.zeros(n, dtype=np.int64)
    for i, v in anchors.items():
        out[i] = v
    w = None if weights is None else np.asarray(weights, dtype=float)[free]
    out[free] = fit_integers(rng, len(free), lo, hi, total - sum(anchors.values()), weights=w)
    return out


def _classes(rng, n: int, counts: dict[int, int]) -> np.ndarray:
    """n values with (about) the given number of rows per value, shuffled."""
    scaled = {v: round(c * n / sum(counts.values())) for v, c in counts.items()}
    values = [v for v, c in scaled.items() for _ in range(c)]
    values = (values + [min(counts)] * n)[:n]
    return rng.permutation(np.array(values, dtype=np.int64))


def _sparse(rng, n: int, n_with: int, lo: int, hi: int, total: int, n_at_lo: int = 0) -> np.ndarray:
    """n values of which n_with are in [lo, hi] (adding up to total, n_at_lo of them exactly lo), others 0."""
    out = np.zeros(n, dtype=np.int64)
    n_with = min(n, n_with)
    if n_with == 0:
        return out
    idx = rng.choice(n, n_with, replace=False)
    n_at_lo = min(n_at_lo, n_with - 1)
    anchors = {0: hi} | {k: lo for k in range(1, 1 + n_at_lo)}
    vals = _with_anchors(rng, n_with, lo + (1 if n_at_lo else 0), hi, total, anchors)
    out[idx] = vals
    return out


def published_population(rng: np.random.Generator, size: np.ndarray, is_arm: np.ndarray) -> dict[str, np.ndarray]:
    """Partners, subsidy and cofinancing (x EUR 1.000) for n approved plans, calibrated on Tabel 2.1/2.2.

    size: a region size (technical pupils) that budgets follow; is_arm: techniekarme regions.
    Scales the totals and class counts by n / 71 (minima and maxima kept)."""
    p = Published()
    n = len(size)
    if n < 8:  # too few regions for the published distribution: typical values, the published means
        subsidy = np.clip(np.round(4_901 * n * size / size.sum()), p.subsidy_k[0], p.subsidy_k[1]).astype(np.int64)
        return {
            "n_vmbo_vestigingen": np.clip(np.round(7.5 * n * size / size.sum()), 2, 35).astype(np.int64),
            "n_mbo_instellingen": rng.integers(1, 3, n),
            "n_bedrijven": rng.integers(5, 20, n),
            "n_po_scholen": np.zeros(n, dtype=np.int64),
            "n_vso_pro_vestigingen": rng.integers(0, 2, n),
            "n_hbo_instellingen": np.zeros(n, dtype=np.int64),
            "n_gemeenten": rng.choice([0, 2], n),
            "subsidie_k": subsidy,
            "cofinanciering_k": np.round(subsidy * 0.15).astype(np.int64),
        }
    f = n / N_PUBLISHED
    order = np.argsort(-size, kind="stable")  # largest first
    big = int(next((i for i in order if not is_arm[i]), order[0]))  # the largest techniekregio
    small = int(order[-1])
    # subsidy: largest region the maximum, smallest the minimum, techniekarm 4 % of the total
    s_lo, s_hi, s_total = p.subsidy_k
    s_total = round(s_total * f)
    arm = np.flatnonzero(is_arm)
    regio = np.flatnonzero(~is_arm)
    subsidy = np.zeros(n, dtype=np.int64)
    arm_total = round(s_total * p.techniekarm_subsidy_share / 100) if len(arm) else 0
    if len(arm):
        anchors = {int(np.flatnonzero(arm == small)[0]): s_lo} if small in arm else {}
        subsidy[arm] = _with_anchors(rng, len(arm), s_lo + 1, 4_500, arm_total, anchors, weights=size[arm])
    anchors = {int(np.flatnonzero(regio == big)[0]): s_hi}
    if small in regio:
        anchors[int(np.flatnonzero(regio == small)[0])] = s_lo
    w = size[regio] * rng.lognormal(0.0, 0.15, len(regio))
    subsidy[regio] = _with_anchors(rng, len(regio), s_lo + 1, s_hi - 1, s_total - arm_total, anchors, weights=w)
    # cofinancing: share of the total investment per class; high shares in small regions
    c_lo, c_hi, c_total = p.cofin_k
    c_total = round(c_total * f)
    n_mid = round(p.n_share_10_15 * f)
    n_high = max(1, round(p.n_share_gt_25 * f))
    by_subsidy = np.argsort(subsidy, kind="stable")  # smallest first
    pool = [i for i in by_subsidy[: max(n - n_mid, int(0.55 * n))] if i not in (big, small)]
    pool = list(rng.permutation(pool))
    high = pool[:n_high]
    middle = pool[n_high : n - n_mid]
    share_lo = np.full(n, 10.3)
    share_hi = np.full(n, 14.9)
    share_lo[middle], share_hi[middle] = 15.2, 24.5
    share_lo[high], share_hi[high] = 25.5, 36.0
    top = min(high, key=lambda i: subsidy[i])  # the 47 % region: a small budget
    share_lo[top] = share_hi[top] = p.share_max
    lo_amt = subsidy * share_lo / (100 - share_lo)
    hi_amt = subsidy * share_hi / (100 - share_hi)
    lo_amt, hi_amt = np.clip(lo_amt, c_lo + 1, c_hi - 1), np.clip(hi_amt, c_lo + 1, c_hi - 1)
    cofin = np.zeros(n)
    fixed = {big: c_hi, small: c_lo, top: round(subsidy[top] * p.share_max / (100 - p.share_max))}
    free = np.array([i for i in range(n) if i not in fixed], dtype=np.int64)
    start = lo_amt[free] + rng.uniform(0.1, 0.5, len(free)) * (hi_amt[free] - lo_amt[free])
    need = c_total - sum(fixed.values())
    if need >= start.sum():
        lam = min(1.0, (need - start.sum()) / max((hi_amt[free] - start).sum(), 1e-9))
        vals = start + lam * (hi_amt[free] - start)
    else:
        lam = min(1.0, (start.sum() - need) / max((start - lo_amt[free]).sum(), 1e-9))
        vals = start - lam * (start - lo_amt[free])
    cofin[free] = vals
    cofin = np.floor(cofin).astype(np.int64)
    for i, v in fixed.items():
        cofin[i] = v
    rest = c_total - int(cofin.sum())
    for i in free[np.argsort(-(hi_amt[free] - cofin[free]), kind="stable")]:
        if rest == 0:
            break
        step = int(np.clip(rest, -(cofin[i] - np.ceil(lo_amt[i])), np.floor(hi_amt[i]) - cofin[i]))
        cofin[i] += step
        rest -= step
    # partners
    v_lo, v_hi, v_total = p.vmbo
    v_total = round(v_total * f)
    n_min = max(1, round(p.n_vmbo_at_min * f))
    smallest = [int(i) for i in order[::-1][:n_min]]
    anchors = {big: v_hi} | dict.fromkeys(smallest, v_lo)
    vmbo = _with_anchors(rng, n, v_lo + 1, v_hi - 1, v_total, anchors, weights=size * rng.lognormal(0, 0.3, n))
    mbo = _classes(rng, n, p.mbo_classes)
    b_lo, b_hi, b_total = p.bedrijven
    b_total = round(b_total * f)
    # one bedrijf: a region with many vmbo partners (a partnership leaning on schools)
    # the most bedrijven (84) in a partnership of few schools, so that it stays below the largest (108)
    second = int(min((i for i in range(n) if i not in (big, small)), key=lambda i: (vmbo[i], i)))
    one = int(max((i for i in range(n) if i not in (big, small, second)), key=lambda i: vmbo[i], default=small))
    anchors = {second: b_hi, small: 5} | ({one: b_lo} if one not in (second, small) else {})
    bedrijven = _with_anchors(rng, n, b_lo, b_hi - 1, b_total, anchors, weights=rng.lognormal(0, 0.8, n))
    if mbo[small] != 1 and (mbo == 1).any():  # the smallest partnership has one mbo (swap keeps the classes)
        j = int(np.flatnonzero(mbo == 1)[0])
        mbo[j], mbo[small] = mbo[small], 1
    po = _sparse(rng, n, round(p.po[0] * f), 1, p.po[2], round(p.po[3] * f), n_at_lo=round(p.po[1] * f))
    vso = _sparse(rng, n, round(p.vso_pro[0] * f), 1, p.vso_pro[1], round(p.vso_pro[2] * f))
    hbo = _sparse(rng, n, round(p.hbo[0] * f), 1, p.hbo[1], round(p.hbo[2] * f))
    gem = _sparse(rng, n, round(p.gemeenten[0] * f), p.gemeenten[1], p.gemeenten[2], round(p.gemeenten[3] * f))
    # the smallest partnership has 8 partners (2 vmbo + 1 mbo + 5 bedrijven), the largest 108
    for arr in (vso, hbo, gem):
        j = int(np.argmax(arr == 0)) if (arr == 0).any() else None
        if arr[small] and j is not None and j not in (small, big):
            arr[j], arr[small] = arr[small], 0
    excl_po = vmbo + mbo + bedrijven + vso + hbo + gem
    delta = p.partners_excl_po[1] - int(excl_po[big])
    donors = [i for i in np.argsort(-bedrijven, kind="stable") if i not in (big, small, second)]
    bedrijven[big] += delta
    for i in donors:  # keep the total of bedrijven: take the difference from (or give it to) others
        if delta == 0:
            break
        step = int(np.clip(delta, -(b_hi - 1 - bedrijven[i]), bedrijven[i] - b_lo))
        bedrijven[i] -= step
        delta -= step
    # no other partnership above the largest: move bedrijven to the smallest partnerships
    fixed_b = {big, small, second, one}
    for _ in range(4 * n):
        excl_po = vmbo + mbo + bedrijven + vso + hbo + gem
        over = [i for i in range(n) if i != big and excl_po[i] >= p.partners_excl_po[1]]
        under = [i for i in range(n) if i not in fixed_b and excl_po[i] <= p.partners_excl_po[0]]
        if over:  # give to the smallest other partnership
            i = over[0]
            j = min((x for x in range(n) if x not in fixed_b | {i}), key=lambda x: excl_po[x])
            step = int(min(excl_po[i] - p.partners_excl_po[1] + 1, bedrijven[i] - b_lo, b_hi - 1 - bedrijven[j]))
        elif under:  # take from the largest other partnership
            j = under[0]
            i = max((x for x in range(n) if x not in fixed_b | {j}), key=lambda x: bedrijven[x])
            step = int(min(p.partners_excl_po[0] + 1 - excl_po[j], bedrijven[i] - b_lo, b_hi - 1 - bedrijven[j]))
        else:
            break
        bedrijven[i] -= step
        bedrijven[j] += step
    return {
        "n_vmbo_vestigingen": vmbo,
        "n_mbo_instellingen": mbo,
        "n_bedrijven": bedrijven,
        "n_po_scholen": po,
        "n_vso_pro_vestigingen": vso,
        "n_hbo_instellingen": hbo,
        "n_gemeenten": gem,
        "subsidie_k": subsidy,
        "cofinanciering_k": cofin,
    }


def _amount(k: int) -> str:
    return str(int(k) * 1000)


def programme_rows(rng: np.random.Generator, regions: Regions, tech_pupils: np.ndarray) -> dict[int, list[list[str]]]:
    """Rows per plan period start year (2020, 2025) for the demo regions 1..n (ids STOnn).

    tech_pupils: per region number (index 0 unused) the technical pupils lj3+lj4 of 2018."""
    k = regions.n_regions
    ids = np.arange(1, k + 1)
    size = np.maximum(tech_pupils[1 : k + 1].astype(float), 1.0)
    is_luw = np.array([r in regions.techniekluw for r in ids])
    n_pub = max(2, round(N_PUBLISHED * k / N_FORMED)) if k >= 2 else k
    late_pool = [int(i) for i in range(k) if not is_luw[i]]
    late = set(rng.choice(late_pool, k - n_pub, replace=False).tolist()) if k > n_pub else set()
    pub = np.array([i for i in range(k) if i not in late], dtype=np.int64)
    values = published_population(rng, size[pub], is_luw[pub])
    cols = list(values)
    table = {c: np.zeros(k, dtype=np.int64) for c in cols}
    for c in cols:
        table[c][pub] = values[c]
    eur_per_pupil = values["subsidie_k"].sum() / size[pub].sum()
    for i in sorted(late):  # approved later: typical partnerships, budget as the others per pupil
        table["n_vmbo_vestigingen"][i] = int(np.clip(round(size[i] / size[pub].mean() * 7.5), 2, 35))
        table["n_mbo_instellingen"][i] = int(rng.integers(1, 4))
        table["n_bedrijven"][i] = int(rng.integers(5, 25))
        table["n_gemeenten"][i] = int(rng.choice([0, 2, 3]))
        table["subsidie_k"][i] = int(np.clip(round(size[i] * eur_per_pupil * rng.uniform(0.9, 1.1)), 1_400, 19_000))
        table["cofinanciering_k"][i] = round(table["subsidie_k"][i] * rng.uniform(0.12, 0.2))
    n_first = round(45 * len(pub) / N_PUBLISHED)
    out: dict[int, list[list[str]]] = {2020: [], 2025: []}
    pub_order = {int(i): j for j, i in enumerate(pub)}
    late_dates = ["2020-06-01"] * max(0, len(late) - 1) + ["2021-03-01"]
    for i in range(k):
        r = int(ids[i])
        if i in late:
            date = late_dates[sorted(late).index(i)]
        else:
            date = "2019-07-01" if pub_order[i] < n_first else "2020-01-15"
        out[2020].append(
            [
                f"STO{r:02d}",
                regions.label[r],
                "2020-2024",
                date,
                "techniekarm" if is_luw[i] else "techniekregio",
                "",
                *(str(int(table[c][i])) for c in cols[:7]),
                "0",
                _amount(table["subsidie_k"][i]),
                _amount(table["cofinanciering_k"][i]),
            ]
        )
    # 2025-2028: mergers add up; EUR 97 mln a year for four years shared like the 2020 budgets
    survivors = [r for r in ids if int(r) not in regions.merged_into]
    members = {int(r): [int(r)] for r in survivors}
    for r, t in regions.merged_into.items():
        members[t].append(r)
    budget_total = round(4 * 97_000 * len(survivors) / 74)
    base = {r: sum(int(table["subsidie_k"][m - 1]) for m in ms) for r, ms in members.items()}
    scale = budget_total / sum(base.values())
    n_resp = round(48 * len(survivors) / 74)
    n_vs = round(28 * len(survivors) / 74)
    respondents = rng.permutation(np.array(survivors))[:n_resp].tolist()
    mode = {int(r): ("verdeelsleutel" if j < n_vs else "regionaal beheer") for j, r in enumerate(respondents)}
    for r in survivors:
        ms = members[int(r)]
        luw = int(r) in regions.techniekluw
        sub = min(round(base[int(r)] * scale * rng.uniform(0.95, 1.05)), 4_000 if luw else 10**9)
        counts = [sum(int(table[c][m - 1]) for m in ms) for c in cols[:7]]
        counts[2] = round(counts[2] * rng.uniform(1.0, 1.3))  # more bedrijven in the second period
        out[2025].append(
            [
                f"STO{int(r):02d}",
                regions.label[int(r)],
                "2025-2028",
                "2025-06-01",
                "techniekluw" if luw else "techniekregio",
                mode.get(int(r), ""),
                *(str(c) for c in counts),
                str(int(rng.integers(0, 4))),
                _amount(sub),
                _amount(round(sub * rng.uniform(0.11, 0.2))),
            ]
        )
    return out
