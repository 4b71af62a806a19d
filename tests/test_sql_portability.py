"""The SQL portability lint (tools/sql_portability.py, also in `make lint`): the dbt project uses only functions,
types and syntax that DuckDB and Spark SQL share, except inside macros dispatched per adapter."""

from pathlib import Path

from tools.sql_portability import NOT_PORTABLE_HINT, lint


def write(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_dbt_project_is_portable():
    assert [str(f) for f in lint()] == []


def test_duckdb_only_sql_in_a_model_is_reported_with_its_line(tmp_path):
    write(
        tmp_path,
        "models/m.sql",
        "select\n"
        "    strpos(naam, ' - ') as a,\n"  # line 2
        "    square(x) as b,\n"  # line 3
        "    cast(c as varchar) as c,\n"  # line 4
        "    d::integer as d,\n"  # line 5
        "    e // 2 as e,\n"  # line 6
        "    'regio''s' as f\n"  # line 7
        "from {{ ref('x') }} where g <> ''\n",
    )
    write(tmp_path, "models/n.sql", "select * exclude (geheim) from {{ ref('x') }}\n")
    found = [(f.path.name, f.line, f.message.split(" ")[0:2]) for f in lint(tmp_path)]
    assert found == [
        ("m.sql", 2, ["function", "strpos()"]),
        ("m.sql", 3, ["function", "square()"]),
        ("m.sql", 4, ["cast", "to"]),
        ("m.sql", 5, ["`::`", "casts"]),
        ("m.sql", 6, ["`//`", "is"]),
        ("m.sql", 7, ["a", "quote"]),
        ("n.sql", 1, ["`*", "exclude"]),
    ]


def test_portable_sql_dispatched_macros_and_jinja_are_not_reported(tmp_path):
    write(
        tmp_path,
        "models/ok.sql",
        "{#- strpos(a, b) in a comment -#}\n"
        "with t as (select * from {{ ref('x') }})\n"
        "select position(' - ' in naam) as p, count(*) filter (where a > 1) as n, cast(b as string) as b,\n"
        "    cast(c as decimal(10, 2)) as c, {{ my_macro('strpos(x)') }} as d, u.v\n"
        "from t inner join (values (1), (2)) as u(v) on u.v = t.a\n"
        "where exists (select 1) and a in (1, 2)\n"
        "group by all_the_same(1)\n",
    )
    write(
        tmp_path,
        "macros/m.sql",
        "{% macro f(x) %}{{ return(adapter.dispatch('f')(x)) }}{% endmacro %}\n"
        "{% macro default__f(x) %}strpos({{ x }}, 'a'){% endmacro %}\n"
        "{% macro spark__f(x) %}instr({{ x }}, 'a'){% endmacro %}\n",
    )
    assert [(f.path.name, f.line, f.message) for f in lint(tmp_path)] == [
        ("ok.sql", 7, f"function all_the_same() {NOT_PORTABLE_HINT}")
    ]
