"""The raw contract's suite run by Great Expectations itself, on a pandas dataframe: the reference that the
DuckDB evaluation in ingest/contracts.py must agree with (tests/test_contracts.py). Not used by a refresh:
importing GX takes seconds, and GX on a pandas copy of a partition costs several times its memory
(docs/benchmarks.md). GX runs in an ephemeral context, without analytics or progress bars (stack_notes.md:
not on DuckDB, not dagster-ge)."""

from __future__ import annotations

import contextlib
import os
import uuid
import warnings
from functools import cache

import pandas as pd

from ingest.contracts import Expectation, Outcome


@cache
def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before GX is imported, which reads them
    os.environ.setdefault("TQDM_DISABLE", "1")  # GX's progress bars stay out of logs
    import great_expectations as gx  # deferred: GX takes seconds to import

    context = gx.get_context(mode="ephemeral")
    with contextlib.suppress(Exception):  # older GX without the setting: TQDM_DISABLE covers it
        context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return gx, context


def gx_suite(name: str, expectations: list[Expectation]):
    """The GX ExpectationSuite of a generated contract (ingest/contracts.py `suite`)."""
    gx, _context = _gx()
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    out = gx.ExpectationSuite(name=name)
    for e in expectations:
        out.add_expectation(ExpectationConfiguration(type=e.type, kwargs=e.kwargs, meta=e.meta).to_domain_obj())
    return out


def validate_with_gx(
    source_name: str, partition: str, file_name: str | None, frame: pd.DataFrame, expectations: list[Expectation]
) -> list[Outcome]:
    """One Outcome per expectation of the suite, as GX evaluates it on `frame` (in GX's order)."""
    gx, context = _gx()
    name = f"{source_name}_{uuid.uuid4().hex[:8]}"
    suite = context.suites.add(gx_suite(name, expectations))
    data_source = context.data_sources.add_or_update_pandas("sto_raw")
    asset = data_source.add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe("whole")
    validation = context.validation_definitions.add(gx.ValidationDefinition(data=batch, suite=suite, name=name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # pandas: "pattern has match groups"
            result = validation.run(
                batch_parameters={"dataframe": frame},
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["_source_row"] if "_source_row" in frame.columns else [],
                    "partial_unexpected_count": 5,
                },
            )
    finally:  # an ephemeral context keeps everything in memory: forget this partition's objects
        context.validation_definitions.delete(name)
        context.suites.delete(name)
        data_source.delete_asset(name)
        with contextlib.suppress(Exception):  # ... including the metrics GX cached for this frame
            data_source.get_execution_engine()._metric_cache.clear()
    outcomes = []
    for r in result.results:
        config = r.expectation_config
        meta = config.meta or {}
        res = r.result or {}
        first_line = None
        if r.exception_info and r.exception_info.get("raised_exception"):
            detail = f"could not be evaluated: {r.exception_info.get('exception_message')}"
        elif r.success:
            detail = "ok"
        elif "unexpected_count" in res:
            examples = res.get("partial_unexpected_list") or []
            lines = [
                int(i["_source_row"])
                for i in (res.get("unexpected_index_list") or [])
                if isinstance(i, dict) and i.get("_source_row") is not None
            ]
            first_line = min(lines) if lines else None
            shown = ", ".join(repr(v) for v in examples[:3])
            detail = f"{meta.get('rule', config.type)}: {res['unexpected_count']:,} row(s)" + (
                f", e.g. {shown}" if shown else ""
            )
        else:
            detail = f"{meta.get('rule', config.type)} (observed {res.get('observed_value')!r})"
        outcomes.append(
            Outcome(
                source=source_name,
                partition=partition,
                file=file_name,
                expectation=config.type,
                column=config.kwargs.get("column"),
                passed=bool(r.success),
                blocking=bool(meta.get("blocking", True)),
                detail=detail,
                first_line=first_line,
            )
        )
    return outcomes
