"""Small-cell suppression on crafted tables: primary and complementary suppression (docs/release.md)."""

import pandas as pd

from orchestration.suppression import suppress_indicator_values, suppress_topic_mart

PROFIELGROEP = {"BWI": "techniek", "PIE": "techniek", "Z&W": "niet-techniek", "E&O": "niet-techniek"}


def cell(leerweg, profiel, value, group=None, indicator="pupils_lj3_count", unit="count", denominator=None):
    return {
        "indicator_id": indicator,
        "schooljaar": 2019,
        "sto_regio_id": None,
        "vestiging_id": None,
        "leerweg": leerweg,
        "profiel": profiel,
        "breakdown": "profielgroep" if group else None,
        "breakdown_value": group,
        "numerator": value,
        "denominator": denominator,
        "value": float(value),
        "unit": unit,
        "is_suppressed": False,
    }


def hidden(frame: pd.DataFrame) -> set[tuple]:
    rows = frame[frame["is_suppressed"]]
    return {
        tuple(None if pd.isna(v) else v for v in (r.leerweg, r.profiel, r.breakdown_value)) for r in rows.itertuples()
    }


def test_one_small_cell_plus_its_total_would_reveal_it_so_a_second_cell_is_suppressed():
    # bb: BWI 3 + PIE 20 + Z&W 30 = 53. Publishing 53, 20 and 30 would give BWI = 53 - 20 - 30 = 3.
    frame = pd.DataFrame([cell("bb", "BWI", 3), cell("bb", "PIE", 20), cell("bb", "Z&W", 30), cell("bb", None, 53)])
    out = suppress_indicator_values(frame, {})
    nulls = out.set_index(["leerweg", "profiel"])["value"]
    assert pd.isna(nulls[("bb", "BWI")])  # primary: 0 < 3 < 6
    assert pd.isna(nulls[("bb", "PIE")])  # complementary: the smallest other cell (20 < 30)
    assert nulls[("bb", "Z&W")] == 30 and out["value"].iloc[3] == 53
    assert out["is_suppressed"].tolist() == [True, True, False, False]
    assert out["numerator"].isna().tolist() == [True, True, False, False]


def test_hierarchies_are_protected_until_stable():
    # Profiles per leerweg add up to the leerweg total, to the national profile row (leerweg NULL),
    # and to their profielgroep subtotal; the groups also add up to the total (legacy left out).
    rows = [
        cell("bb", "BWI", 4),
        cell("bb", "PIE", 12),
        cell("bb", "Z&W", 30),
        cell("bb", "E&O", 40),
        cell("bb", None, 86),
        cell("bb", None, 16, "techniek"),
        cell("bb", None, 70, "niet-techniek"),
        cell("bb", None, 7, "legacy"),
        cell("kb", "BWI", 10),
        cell("kb", "PIE", 9),
        cell("kb", "Z&W", 11),
        cell("kb", "E&O", 13),
        cell("kb", None, 43),
        cell("kb", None, 19, "techniek"),
        cell("kb", None, 24, "niet-techniek"),
        cell(None, "BWI", 14),
        cell(None, "PIE", 21),
        cell(None, "Z&W", 41),
        cell(None, "E&O", 53),
        cell(None, None, 129),
        cell(None, None, 35, "techniek"),
        cell(None, None, 94, "niet-techniek"),
        cell(None, None, 7, "legacy"),
    ]
    out = suppress_indicator_values(pd.DataFrame(rows), {}, PROFIELGROEP)
    got = hidden(out)
    # bb BWI (4) is primary; in its groups (bb profiles, bb techniek profiles, BWI over leerwegen)
    # exactly one cell is hidden until bb PIE (techniek and bb groups) and kb BWI (BWI group) follow;
    # kb BWI then needs a partner among kb's profiles: kb PIE (9, also techniek), which in turn
    # balances the PIE group (bb PIE, kb PIE hidden). Nothing else is needed.
    assert got == {("bb", "BWI", None), ("bb", "PIE", None), ("kb", "BWI", None), ("kb", "PIE", None)}
    assert_no_group_with_exactly_one_hidden(out)


def assert_no_group_with_exactly_one_hidden(out: pd.DataFrame) -> None:
    profiles = out[out["profiel"].notna()]
    for _, group in profiles.groupby(profiles["leerweg"].fillna("*")):
        assert group["is_suppressed"].sum() != 1
    for _, group in profiles.groupby("profiel"):
        assert group["is_suppressed"].sum() != 1 or group["leerweg"].isna().any()


def test_shares_are_suppressed_on_small_denominators_and_kinds_come_from_the_catalog():
    rows = [
        cell("bb", "BWI", 40.0, indicator="female_share_lj3", unit="percent", denominator=5),
        cell("bb", "PIE", 50.0, indicator="female_share_lj3", unit="percent", denominator=12),
        cell("bb", "BWI", 8, indicator="teachers_count"),
        cell("bb", "PIE", 3, indicator="no_threshold"),
    ]
    out = suppress_indicator_values(pd.DataFrame(rows), {"teachers_count": "teachers", "no_threshold": "none"})
    assert out["is_suppressed"].tolist() == [True, False, True, False]  # 5 < 6; 8 < 10 teachers; none


def test_topic_mart_count_columns_and_derived_columns():
    frame = pd.DataFrame(
        {
            "schooljaar": [2019] * 4,
            "leerweg": ["bb", "bb", "bb", None],
            "profiel": ["BWI", "PIE", "Z&W", None],
            "n_pupils": [3.0, 20.0, 30.0, 53.0],
            "female_share": [33.3, 50.0, 40.0, 43.4],
        }
    )
    frame.loc[3, "leerweg"] = "bb"
    out = suppress_topic_mart(frame, {"n_pupils": "pupils"}, ["female_share"])
    assert out["n_pupils"].isna().tolist() == [True, True, False, False]
    assert out["female_share"].isna().tolist() == [True, True, False, False]
    assert out["is_suppressed"].tolist() == [True, True, False, False]
