"""School-leaver survey (schoolverlaters/) of the demo: one file per meting, respondents = vmbo
gediplomeerden of diploma year meting-2 (meting 2023 = diploma 2021/22). Per profile x leerweg cell
the number answering 4 or 5 is exact for the published technical / non-technical shares (Tabellen
B3.10, B3.11), and weights are equal within a cell, so weighted shares reproduce the table."""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.demo.published import Targets
from ingest.demo.vestigingen import PROFILES, TECH

ITEMS = {
    "aantrekkelijk": "svo_attractive",
    "actueel": "svo_topical",
    "uitdagend": "svo_challenging",
    "basis_keuze": "svo_basis_choose_followup",
    "basis_vervolg": "svo_basis_follow_followup",
    "aansluiting": "svo_connection_followup",
}
RESPONSE_RATE = 0.12
DRIFT_PER_YEAR = 0.6  # points per meting away from 2023 (illustrative)


def generate_survey(rng: np.random.Generator, meting: int, diplomas: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    """diplomas: profiel, leerweg, n (gediplomeerden of diploma_schooljaar = meting - 2)."""
    svo = targets.svo()
    parts = []
    for p, lw, n in diplomas.sort(["leerweg", "profiel"]).iter_rows():
        if lw not in ("bb", "kb", "gl") or p not in PROFILES:
            continue
        k = max(1, round(n * RESPONSE_RATE)) if n else 0
        if k == 0:
            continue
        grp = "techniek" if p in TECH else "niet-techniek"
        cols = {}
        for col, ind in ITEMS.items():
            share = svo.get((ind, lw, grp), 55.0) + DRIFT_PER_YEAR * (meting - 2023)
            share = min(max(share, 5.0), 95.0) / 100
            top = np.zeros(k, dtype=bool)
            top[rng.permutation(k)[: round(k * share)]] = True
            high = rng.integers(4, 6, k)
            low = rng.choice([1, 2, 3], k, p=[0.15, 0.3, 0.55])
            ans = np.where(top, high, low).astype(object)
            ans[rng.random(k) < 0.02] = None  # item non-response (excluded from both sides)
            cols[col] = ans
        parts.append(
            pl.DataFrame(
                {
                    "profiel": [p] * k,
                    "leerweg": [lw] * k,
                    "weegfactor": [f"{n / k:.4f}"] * k,
                    **{c: pl.Series(list(v), dtype=pl.Int64) for c, v in cols.items()},
                }
            )
        )
    out = pl.concat(parts)
    ids = (np.arange(out.height, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(meting)) % np.uint64(2**32)
    return out.with_columns(
        pl.Series("respondent_id", [f"R{meting}{int(v):08X}" for v in ids]),
        pl.lit(meting, dtype=pl.Int64).alias("meting"),
        pl.lit(meting - 2, dtype=pl.Int64).alias("diploma_schooljaar"),
    ).select("respondent_id", "meting", "diploma_schooljaar", "leerweg", "profiel", "weegfactor", *ITEMS)
