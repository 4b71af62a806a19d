"""What each published figure counts: the one place disclosure control reads per indicator and per
topic-mart column (to move into the dbt catalog meta once the model layout has settled; see
docs/release.md "Disclosure control").

An indicator row of marts.indicator_values *rests on* counts, each a `Count`:
- `expr`: where the row shows the count: its `value`, `numerator` or `denominator`, `num+den`
  (a year-on-year change whose numerator is the difference), or `persons` (the teacher persons the
  cell is based on, from the helper int_indicator_values__teachers, never published itself);
- `kind`: pupils | teachers | respondents (primary below 6 / 10 / 5) or none (not persons);
- `family`: the counted population; two figures of one family with the same key and value are the
  same cell (so a share's denominator is the count published elsewhere); default `<indicator>.<expr>`;
- `drop`: breakdown dimensions that are not part of the count's key (the denominator of a
  distribution over `bestemming` is one count for all destinations);
- `year`: `previous` (the schooljaar before) or `reference` (by the breakdown `verandering`:
  vorig_jaar = the schooljaar before, nulmeting = 2017) for changes.
The row's value is a function of these counts (a share, mean, change) and is hidden with any of them.
An indicator not listed rests on its numerator and denominator with the kind of its catalog meta
`suppression` (default pupils); `none` means the row counts no persons and is never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLDS = {"pupils": 6, "teachers": 10, "respondents": 5}
NULMETING = 2017


@dataclass(frozen=True)
class Count:
    expr: str
    kind: str
    family: str | None = None
    drop: tuple[str, ...] = ()
    year: str | None = None
    when: tuple[tuple[str, str], ...] = ()  # only rows whose key has these (dim, value) pairs


P, T = "pupils", "teachers"
NONE: tuple[Count, ...] = ()


def share(num_family: str | None, den_family: str | None, kind: str = P, drop: tuple[str, ...] = ()) -> tuple:
    return (Count("numerator", kind, num_family), Count("denominator", kind, den_family, drop=drop))


PERSONS = Count("persons", T, "teachers", drop=("maat", "verandering"))


def teacher_change(when: tuple[tuple[str, str], ...] = (("maat", "personen"),)) -> tuple:
    """A teacher change row (breakdown verandering): current and reference persons (persons rows),
    and the persons the cell rests on (min of both years, from the helper; fte rows too)."""
    drop = ("maat", "verandering")
    return (
        Count("numerator", T, "teachers", drop=drop, when=when),
        Count("denominator", T, "teachers", drop=drop, year="reference", when=when),
        Count("persons", T, "teachers", drop=("maat",)),  # min of both years: its own cell
    )


# (indicator_id, unit) -> the counts a row rests on; unit None = every unit of the indicator.
INDICATORS: dict[tuple[str, str | None], tuple[Count, ...]] = {
    # A: leerjaar-3 pupils. Family lj3 = pupils per leerweg x profiel / profielgroep / total.
    ("pupils_lj3_count", "count"): (Count("value", P, "lj3"),),
    ("tech_share_lj3", "percent"): share("lj3.techniek", "lj3"),
    ("female_share_lj3", "percent"): share("lj3.female", "lj3"),
    ("migration_share_lj3", "percent"): share("lj3.migratie", "lj3"),
    ("pupils_lj3_yoy_change_pct", "percent_change"): (
        Count("num+den", P, "lj3"),
        Count("denominator", P, "lj3", year="previous"),
    ),
    ("tl_profile_lj3_count", "count"): (Count("value", P, "tl"), Count("denominator", P, "tl", drop=("tl_profiel",))),
    ("vo_upper_secondary_pupils", "count"): (Count("value", P, "vo_bovenbouw"),),
    # B: regions. Means per vestiging rest on their pupils; vestigingen and regions are not persons.
    ("avg_pupils_per_vestiging_profile", "mean"): (Count("numerator", P, "lj3.regio"),),
    ("region_tech_pupils_lj3", "count"): (Count("value", P, "lj3.techniek.regio"),),
    ("region_tech_pupils_lj3", "mean"): (Count("numerator", P, "lj3.techniek.regio", drop=("regio_statistiek",)),),
    ("region_tech_share_lj3", "percent"): share("lj3.techniek.regio", "lj3.regio.alle"),
    ("region_tech_share_lj3", "count"): NONE,  # regions per share band
    ("tech_share_lj4", "percent"): share("lj4.techniek.regio", "lj4.regio"),
    ("reach_10km_share", "percent"): share(None, "reach.geplaatst"),
    ("reach_10km_share", "count"): (
        Count("value", P, "reach.niet_plaatsbaar", when=(("niet_plaatsbaar", "leerlingen"),)),
    ),
    # exams (DUO public file, per vestiging)
    ("exam_candidates", "count"): (Count("value", P, "examen.kandidaten"),),
    ("exam_passes", "count"): (Count("value", P, "examen.geslaagden"),),
    ("exam_pass_rate", "percent"): share("examen.geslaagden", "examen.kandidaten"),
    # doorstroom and uitval: cohorts shared by the rates computed on them
    ("destination_after_lj4", "percent"): share(None, "lj4.cohort", drop=("bestemming",)),
    ("doorstroom_sectorkamer_share", "percent"): share(None, "mbo.instroom", drop=("sectorkamer",)),
    ("mbo_entrants_tech_indicatie_share", "percent"): share("mbo.techniek", None),
    ("female_share_tech_mbo_inflow", "percent"): share(None, "mbo.techniek"),
    ("migration_share_tech_mbo_inflow", "percent"): share(None, "mbo.techniek"),
    ("gl_tl_to_tech_mbo_rate", "percent"): share(None, "gl_tl.cohort", drop=("definitie",)),
    ("tech_to_tech_mbo_rate", "percent"): share(None, "tech_to_tech.cohort", drop=("definitie",)),
    ("vmbo_switch_rate", "percent"): share(None, "vmbo.cohort"),
    ("vmbo_uitval_rate", "percent"): share(None, "vmbo.cohort"),
    ("mbo_switch_first_year_rate", "percent"): share(None, "mbo1.cohort"),
    ("mbo_uitval_first_year_rate", "percent"): share(None, "mbo1.cohort"),
    # keuzevakken: exams and pupils
    ("keuzevak_cross_profile_matrix", "percent"): share(None, None, drop=("keuzevak_profiel",)),
    ("keuzevak_exam_distribution_within_profile", "percent"): share(None, None, drop=("vakcode",)),
    ("distinct_keuzevakken_examined", "count"): NONE,  # keuzevakken, not persons
    ("tech_keuzevak_offer_ratio", "percent"): NONE,  # keuzevakken offered
    # organisations, money and labels
    ("budget_allocation_mode", None): NONE,
    ("region_cofinancing_amount", None): NONE,
    ("region_cofinancing_share", None): NONE,
    ("region_growth_cluster", None): NONE,
    ("region_partner_counts", None): NONE,
    ("region_profile_bl_kl_cluster", None): NONE,
    ("region_subsidy_amount", None): NONE,
    ("region_type", None): NONE,
    ("regions_by_n_tech_profiles", None): NONE,
    ("regions_offering_profile_by_vestiging_count", None): NONE,
    ("regions_offering_profile_share", None): NONE,
    ("share_regions_multi_vestiging", None): NONE,
    ("sto_programme_totals", None): NONE,
    ("vestiging_size_band_share", None): NONE,
    ("vestigingen_any_tech_profile_share", None): NONE,
    ("vestigingen_offering_profile", None): NONE,
    # G: teachers. Family teachers = distinct persons per profiel / profielgroep / total.
    ("teachers_tech_persons", "count"): (Count("value", T, "teachers"),),
    ("teachers_tech_persons", "percent_change"): teacher_change(when=()),
    ("teachers_tech_fte", None): (PERSONS,),
    ("teachers_nontech_persons_fte", "count"): (Count("value", T, "teachers", drop=("maat",)),),
    ("teachers_nontech_persons_fte", "fte"): (PERSONS,),
    ("teachers_nontech_persons_fte", "percent_change"): teacher_change(),
    ("teachers_beroepsgericht_total", "count"): (Count("value", T, "teachers", drop=("maat",)),),
    ("teachers_beroepsgericht_total", "fte"): (PERSONS,),
    ("teachers_beroepsgericht_total", "percent_change"): teacher_change(),
    ("teachers_per_school", "count"): (Count("value", T, "teachers.school"),),
    ("teachers_per_school", "mean"): (Count("numerator", T, "teachers.school.som"),),
    ("teachers_per_region", "count"): (Count("value", T, "teachers.regio"),),
    ("teachers_per_region", "mean"): (Count("numerator", T, "teachers.regio.som"),),
    ("teachers_bevoegd_share", "percent"): share("teachers.bevoegd", "teachers", T),
    ("teachers_permanent_contract_share", "percent"): share("teachers.vast_contract", "teachers", T),
    ("teachers_support_staff_share", "percent"): share("teachers.oop", "teachers", T),
    ("teachers_female_share", "percent"): share("teachers.vrouw", "teachers", T),
    ("teachers_50plus_share", "percent"): share("teachers.50plus", "teachers", T),
    ("teachers_main_job_outside_education_share", "percent"): share(
        "teachers.hoofdbaan_buiten_onderwijs", "teachers.hoofdbaan_bekend", T
    ),
    ("teachers_age_distribution", "percent"): share("teachers.leeftijd", "teachers", T, drop=("leeftijdsklasse",)),
    ("teachers_prior_work_situation", "percent"): share(
        "teachers.herkomst", "teachers.herkomst_bekend", T, drop=("situatie_5jr_eerder",)
    ),
    ("teachers_mean_age", "years"): (Count("denominator", T, "teachers"),),
}


@dataclass(frozen=True)
class Column:
    """A count column of a topic mart: its family, extra key dims and year shift (as `Count`)."""

    kind: str
    family: str | None = None  # default <mart>.<column>
    extra: tuple[tuple[str, str], ...] = ()
    year: str | None = None  # previous | nulmeting


@dataclass(frozen=True)
class Mart:
    counts: dict[str, Column]
    reveals: dict[str, tuple[str, ...]]  # derived column -> the count columns it is computed from
    dims: tuple[str, ...] | None = None  # key columns (NULL = total over it); default: text columns
    drop: tuple[str, ...] = ()  # columns dropped from the release (a flag that tells a cell is small)
    paired: tuple[tuple[str, str], ...] = ()  # (name column, value column): one dim named by a column
    total_value: str | None = None  # a value of a paired value column meaning "all" (survey group 'all')
    drop_from_key: tuple[str, ...] = ()  # key columns a count does not depend on (an answer's label)
    year_column: str = "schooljaar"


def _teacher_mart(counts: dict[str, Column], reveals: dict[str, tuple[str, ...]]) -> Mart:
    return Mart(
        counts={"n_persons": Column(T, "teachers"), **counts},
        reveals=reveals,
        dims=("profielgroep", "profiel"),
        drop=("is_below_cbs_threshold",),
    )


# Topic marts; a mart not listed: its n_* columns count pupils (own family), every other double
# column reveals all counts of its row, text columns are its key.
MARTS: dict[str, Mart] = {
    "pupils_lj3_by_profiel": Mart(
        counts={
            "n_pupils": Column(P, "lj3"),
            "n_female": Column(P, "lj3.female"),
            "n_pupils_prev_year": Column(P, "lj3", year="previous"),
            "n_suppressed_source_cells": Column("none"),
        },
        reveals={"female_share": ("n_female", "n_pupils"), "change_pct": ("n_pupils", "n_pupils_prev_year")},
        dims=("leerweg", "profielgroep", "profiel"),
    ),
    "regio_techniek_lj3": Mart(
        counts={
            "n_tech_bb": Column(P, "lj3.techniek.regio", extra=(("leerweg", "bb"),)),
            "n_tech_kb": Column(P, "lj3.techniek.regio", extra=(("leerweg", "kb"),)),
            "n_tech_gl": Column(P, "lj3.techniek.regio", extra=(("leerweg", "gl"),)),
            "n_tech": Column(P, "lj3.techniek.regio"),
            "n_pupils": Column(P, "lj3.regio.alle"),
            "n_tech_blkl": Column(P, "lj3.techniek.regio.blkl"),
            "n_tech_blkl_prev_year": Column(P, "lj3.techniek.regio.blkl", year="previous"),
            "n_niet_tech_blkl": Column(P, "lj3.niet_techniek.regio.blkl"),
            "n_niet_tech_blkl_prev_year": Column(P, "lj3.niet_techniek.regio.blkl", year="previous"),
            "n_vestigingen": Column("none"),
            "n_vestigingen_techniek": Column("none"),
        },
        reveals={
            "tech_share": ("n_tech", "n_pupils"),
            "tech_share_bb": ("n_tech_bb",),
            "tech_blkl_change_pct": ("n_tech_blkl", "n_tech_blkl_prev_year"),
            "niet_tech_blkl_change_pct": ("n_niet_tech_blkl", "n_niet_tech_blkl_prev_year"),
        },
        dims=("sto_regio_id",),
    ),
    "lesgevenden_per_profiel": _teacher_mart(
        {
            "n_persons_vorig_jaar": Column(T, "teachers", year="previous"),
            "n_persons_nulmeting": Column(T, "teachers", year="nulmeting"),
        },
        {
            "fte": ("n_persons",),
            "fte_vorig_jaar": ("n_persons_vorig_jaar",),
            "fte_nulmeting": ("n_persons_nulmeting",),
            "pct_change_persons_vorig_jaar": ("n_persons", "n_persons_vorig_jaar"),
            "pct_change_fte_vorig_jaar": ("n_persons", "n_persons_vorig_jaar"),
            "pct_change_persons_nulmeting": ("n_persons", "n_persons_nulmeting"),
            "pct_change_fte_nulmeting": ("n_persons", "n_persons_nulmeting"),
        },
    ),
    "lesgevenden_kenmerken": _teacher_mart(
        {
            "n_bevoegd": Column(T, "teachers.bevoegd"),
            "n_vast_contract": Column(T, "teachers.vast_contract"),
            "n_oop": Column(T, "teachers.oop"),
            "n_vrouw": Column(T, "teachers.vrouw"),
            "n_hoofdbaan_bekend": Column(T, "teachers.hoofdbaan_bekend"),
            "n_hoofdbaan_buiten_onderwijs": Column(T, "teachers.hoofdbaan_buiten_onderwijs"),
        },
        {
            "share_bevoegd": ("n_bevoegd", "n_persons"),
            "share_vast_contract": ("n_vast_contract", "n_persons"),
            "share_oop": ("n_oop", "n_persons"),
            "share_vrouw": ("n_vrouw", "n_persons"),
            "share_hoofdbaan_buiten_onderwijs": ("n_hoofdbaan_buiten_onderwijs", "n_hoofdbaan_bekend"),
        },
    ),
    "lesgevenden_leeftijd": _teacher_mart(
        {
            "n_18_49": Column(T, "teachers.leeftijd", extra=(("leeftijdsklasse", "18-49"),)),
            "n_50_59": Column(T, "teachers.leeftijd", extra=(("leeftijdsklasse", "50-59"),)),
            "n_60_plus": Column(T, "teachers.leeftijd", extra=(("leeftijdsklasse", "60+"),)),
        },
        {
            "share_18_49": ("n_18_49", "n_persons"),
            "share_50_59": ("n_50_59", "n_persons"),
            "share_60_plus": ("n_60_plus", "n_persons"),
            "share_50_plus": ("n_50_59", "n_60_plus", "n_persons"),
            "mean_age": ("n_persons",),
        },
    ),
    "lesgevenden_herkomst": _teacher_mart(
        {
            "n_situatie_bekend": Column(T, "teachers.herkomst_bekend"),
            "n_onderwijs": Column(T, "teachers.herkomst", extra=(("situatie_5jr_eerder", "onderwijs"),)),
            "n_bedrijfsleven": Column(T, "teachers.herkomst", extra=(("situatie_5jr_eerder", "bedrijfsleven"),)),
            "n_opleiding": Column(T, "teachers.herkomst", extra=(("situatie_5jr_eerder", "opleiding"),)),
            "n_overig": Column(T, "teachers.herkomst", extra=(("situatie_5jr_eerder", "overig"),)),
        },
        {
            "share_onderwijs": ("n_onderwijs", "n_situatie_bekend"),
            "share_bedrijfsleven": ("n_bedrijfsleven", "n_situatie_bekend"),
            "share_opleiding": ("n_opleiding", "n_situatie_bekend"),
            "share_overig": ("n_overig", "n_situatie_bekend"),
        },
    ),
    "lesgevenden_per_school": _teacher_mart(
        {"n_schools": Column("none"), "n_persons_summed": Column(T, "teachers.school.som")},
        {
            "persons_per_school": ("n_persons_summed",),
            "pct_change_vorig_jaar": ("n_persons_summed",),
            "pct_change_nulmeting": ("n_persons_summed",),
        },
    ),
    "lesgevenden_per_regio": _teacher_mart(
        {"n_regions": Column("none"), "n_persons_summed": Column(T, "teachers.regio.som")},
        {
            "persons_per_regio": ("n_persons_summed",),
            "pct_change_vorig_jaar": ("n_persons_summed",),
            "pct_change_nulmeting": ("n_persons_summed",),
        },
    ),
}

# A count family whose cells are parts of another family's cells (a breakdown dim added), so that
# relations are looked for there too: persons per age class add up to the persons of the cell.
PART_OF = {
    "teachers.leeftijd": "teachers",
    "teachers.herkomst": "teachers.herkomst_bekend",
}

SURVEY_KEY = ("survey_id", "table_id", "wave", "item_id", "population", "compared_with")
MARTS["survey_item_results"] = Mart(
    counts={"n_respondents": Column("respondents")},
    reveals={"value": ("n_respondents",), "significance_flag": ("n_respondents",)},
    dims=(*SURVEY_KEY, "measure"),
    paired=(("group_dimension", "group_value"),),
    total_value="all",
    year_column="wave",
)
MARTS["survey_regio_programmaleiders"] = Mart(
    counts={"n_respondents": Column("respondents")},
    reveals={"mean_value": ("n_respondents",), "pct_top": ("n_respondents",)},
    dims=("level", "sto_regio_id", "regio_groep", "table_id", "item_id"),
    year_column="wave",
)

# Tables that never leave the working warehouse (helpers of disclosure control).
NOT_RELEASED = ("lesgevenden_indicator_personen",)
