"""The demo at scale 1.0 tells the story of the 2025 report: every calibration target
(ingest/demo/calibration_targets.csv) whose indicator the warehouse builds is compared with the
warehouse's own marts.indicator_values after a real refresh (not with the generator's numbers).
Indicators other issues add later are checked automatically once they appear in the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.demo.generate import write_demo
from ingest.demo.published import Targets
from tests.conftest import query, run_refresh_in

YEARS = list(range(2018, 2024))  # the published series; 2015-2017 and 2024 are extrapolations


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("calibration") / "home"
    write_demo(home / "landing", YEARS, scale=1.0, seed=2025)
    run_refresh_in(home)
    return home


@pytest.mark.e2e
def test_published_figures_are_reproduced_by_the_marts(home):
    catalog = {r[0] for r in query(home, "select indicator_id from marts.indicator_catalog")}
    targets = [t for t in Targets().rows if t.indicator_id in catalog and t.schooljaar in YEARS]
    assert {t.indicator_id for t in targets} >= {"pupils_lj3_count", "tech_share_lj3"}
    rows = query(
        home,
        "select indicator_id, schooljaar, leerweg, profiel, breakdown, breakdown_value, value "
        "from marts.indicator_values where sto_regio_id is null and vestiging_id is null",
    )
    values = {tuple(r[:6]): r[6] for r in rows}
    failures, matched = [], set()
    for t in targets:
        key = (t.indicator_id, t.schooljaar, t.leerweg, t.profiel, t.breakdown, t.breakdown_value)
        value = values.get(key)
        if value is None and t.published_value == 0:
            value = 0.0  # e.g. no legacy pupils left: no row
        if value is None:
            failures.append(f"{key}: no row in marts.indicator_values (published {t.published_value:g}, {t.source})")
            continue
        matched.add(t.indicator_id)
        if not t.accepts(float(value)):
            failures.append(
                f"{key}: mart {float(value):.2f} vs published {t.published_value:g} "
                f"(tolerance {t.tolerance:g} {t.tolerance_kind}, {t.source})"
            )
    assert matched == {t.indicator_id for t in targets}
    assert not failures, f"{len(failures)} of {len(targets)} targets missed:\n" + "\n".join(failures)
