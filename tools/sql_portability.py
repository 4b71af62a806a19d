"""Lint: the dbt project's SQL stays portable between DuckDB and Spark SQL (docs/scale_out.md).

Every function a model, singular test, generic test or shared macro calls must be in PORTABLE (same name,
arguments and meaning in both engines), every type it casts to in PORTABLE_TYPES, and it must not use
DuckDB-only syntax (`select * exclude`/`replace`, `::` casts, `//`, a quote doubled inside a literal). SQL
that needs an engine's own spelling goes into a macro dispatched per adapter (`adapter.dispatch`): the bodies
of `default__*`, `duckdb__*` and `spark__*` macros are exempt, and so is whatever `{{ ... }}` renders.

The SQL is read with sqlglot's tokenizer (Jinja tags removed first), so a half-rendered template still
lints; each finding names file, line and what to do.

    python tools/sql_portability.py            # exit 1 and one line per finding when anything is not portable
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlglot.dialects.duckdb import DuckDB
from sqlglot.tokens import TokenType

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"
SQL_FOLDERS = ("models", "tests", "macros", "analyses", "snapshots")

# Functions with the same name, arguments and result in DuckDB and Spark SQL (checked on DuckDB 2.0 and
# Spark 4.3). Not here on purpose: strpos (Spark: instr/locate), square, list_*/array_* (different
# names), regexp_* (different names and regex flavours), string_agg/listagg (ordering), datediff/date_diff
# (argument order), strftime/date_format, epoch, median/quantile* (definitions differ), if/iff, len.
PORTABLE = frozenset(
    {
        *("abs", "acos", "asin", "atan", "atan2", "avg", "bool_and", "bool_or", "cast", "ceil", "ceiling"),
        *("coalesce", "concat", "corr", "cos", "count", "count_if", "covar_pop", "covar_samp", "cume_dist"),
        *("dense_rank", "degrees", "exp", "first_value", "floor", "greatest", "lag", "last_value", "lead"),
        *("least", "left", "length", "ln", "log10", "lower", "lpad", "ltrim", "max", "min", "mod", "nth_value"),
        *("ntile", "nullif", "percent_rank", "position", "power", "radians", "rank", "replace", "right", "round"),
        *("row_number", "rpad", "rtrim", "sign", "sin", "split_part", "sqrt", "stddev_pop", "stddev_samp"),
        *("substr", "substring", "sum", "tan", "trim", "upper", "var_pop", "var_samp"),
    }
)
# Types both engines accept in cast(... as <type>) with the same meaning (Spark needs a length for varchar
# and char; string is DuckDB's alias of varchar). A type rendered by Jinja is the macro's business.
PORTABLE_TYPES = frozenset(
    {"bigint", "boolean", "date", "decimal", "double", "int", "integer", "smallint", "string", "timestamp"}
)
# SQL keywords that the tokenizer sees before a parenthesis but that are no function calls.
NOT_CALLS = frozenset(
    {
        *("all", "and", "any", "as", "between", "by", "case", "distinct", "else", "except", "exists", "filter"),
        *("from", "group", "having", "in", "intersect", "join", "not", "on", "or", "order", "over", "partition"),
        *("select", "then", "union", "using", "values", "when", "where", "with", "within"),
    }
)
NOT_PORTABLE_HINT = (
    "is not in the portable set (tools/sql_portability.py): rewrite it portably or put it in a macro "
    "dispatched per adapter"
)
ADAPTERS = "default|duckdb|spark|databricks|trino|postgres"
DISPATCHED = re.compile(rf"{{%-?\s*macro\s+({ADAPTERS})__\w+.*?{{%-?\s*endmacro\s*-?%}}", re.S)
JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(DBT_PROJECT.parent)}:{self.line}: {self.message}"


def strip_jinja(text: str) -> str:
    """Dispatched macro bodies removed; `{{ ... }}` becomes an identifier; `{% %}`/`{# #}` disappear. Newlines
    are kept, so line numbers stay those of the file."""

    def blank(match: re.Match) -> str:
        return "\n" * match.group(0).count("\n")

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        return (" jinja_expr " if tag.startswith("{{") else " ") + "\n" * tag.count("\n")

    return JINJA.sub(replace, DISPATCHED.sub(blank, text))


def findings_in_sql(path: Path, sql: str) -> list[Finding]:
    tokens = DuckDB().tokenize(sql)
    out = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i > 0 else None
        word = tok.text.lower()
        if nxt is not None and nxt.token_type == TokenType.L_PAREN and prev is not None:
            is_call = tok.token_type not in (TokenType.STRING, TokenType.NUMBER, TokenType.R_PAREN)
            is_call = is_call and word not in NOT_CALLS and prev.token_type not in (TokenType.ALIAS, TokenType.DOT)
            is_alias_list = prev.token_type == TokenType.R_PAREN  # values (...) t(x)
            if tok.token_type == TokenType.STAR:
                continue
            if prev.token_type == TokenType.STAR and word in ("exclude", "replace"):
                out.append(Finding(path, tok.line, f"`* {word} (...)` is DuckDB-only: list the columns"))
                continue
            if is_call and not is_alias_list and word.isidentifier() and word not in PORTABLE:
                out.append(Finding(path, tok.line, f"function {word}() {NOT_PORTABLE_HINT}"))
        if (
            tok.token_type == TokenType.ALIAS
            and nxt is not None
            and nxt.text.lower() not in PORTABLE_TYPES | {"jinja_expr"}
            and _inside_cast(tokens, i)
        ):
            types = ", ".join(sorted(PORTABLE_TYPES))
            out.append(Finding(path, tok.line, f"cast to {nxt.text} is not portable: use one of {types}"))
        if tok.token_type == TokenType.STRING and "'" in tok.text and "''" in sql[tok.start : tok.end + 1]:
            out.append(
                Finding(
                    path,
                    tok.line,
                    "a quote doubled inside a literal is read as two literals by Spark: use {{ string_literal(...) }}",
                )
            )
        if tok.token_type == TokenType.DCOLON:
            out.append(Finding(path, tok.line, "`::` casts are not portable: use cast(... as <type>)"))
        if tok.token_type == TokenType.DIV:
            out.append(Finding(path, tok.line, "`//` is DuckDB-only: use floor(a / b) with explicit casts"))
    return out


def _inside_cast(tokens, i: int) -> bool:
    """Is token i the `as` of a cast(... as type) (not an alias)?"""
    depth = 0
    for j in range(i - 1, -1, -1):
        t = tokens[j].token_type
        if t == TokenType.R_PAREN:
            depth += 1
        elif t == TokenType.L_PAREN:
            if depth == 0:
                return j > 0 and tokens[j - 1].text.lower() in ("cast", "try_cast")
            depth -= 1
    return False


def lint(project: Path = DBT_PROJECT) -> list[Finding]:
    found = []
    for folder in SQL_FOLDERS:
        for path in sorted((project / folder).rglob("*.sql")):
            found += findings_in_sql(path, strip_jinja(path.read_text(encoding="utf-8")))
    return found


def main() -> int:
    found = lint()
    for f in found:
        print(f)
    print(f"sql portability: {len(found)} finding(s)" if found else "sql portability: every model is portable")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
