"""Catalog G17, the report's forecast (002:L5503): graduates of the technical teacher-training programmes
(their total) predicted from first-year students by scikit-learn LassoCV on lags of at least two years,
with time-ordered cross-validation. A dbt Python model: dbt-duckdb runs it in the dbt process, in the
same build as the SQL around it (docs/teacher_pipeline.md, "Where the forecast is computed").

For each of the four diplomajaren t after the last one loaded, one regression: the graduates of
diplomajaar s on the first-year students of studiejaren s - k, for the four candidate lags
k = k0 .. k0 + 3 with k0 = max(2, t - last studiejaar loaded) (so that the first-year students it needs
for t are loaded). Training years: every diplomajaar s loaded whose first-year students at all four lags
are loaded. LassoCV picks the penalty by TimeSeriesSplit (3 folds: always trained on earlier years,
validated on later ones); the prediction for t is clipped at 0.

A forecast is made only when the regression has at least `min_basisjaren` (8) training years; a target
year with fewer gets a row with prognose NULL and the reason, so the forecast is never shown on too
little history (marts.lerarenopleidingen_prognose shows the row; marts.indicator_values only forecasts).
"""

import json
import subprocess
import sys

# Where it runs: dbt-duckdb runs model() in dbt's process; the regression runs in a child process (this
# file, which dbt-duckdb writes to a temporary file for the run, started as a script: the yearly totals in
# as JSON, the rows out), so that scikit-learn, SciPy and NumPy are loaded there and given back when it
# ends instead of staying in dbt's process to the end of the build (about 80 MB; pandas, 75 MB more, is
# not used at all). docs/teacher_pipeline.md, "Where the forecast is computed".

# the table's columns and their DuckDB types: an empty table (no forecastable year) keeps them
COLUMNS = {
    "schooljaar": "BIGINT",
    "horizon": "BIGINT",
    "methode": "VARCHAR",
    "prognose": "DOUBLE",
    "lags": "VARCHAR",
    "n_basisjaren": "BIGINT",
    "eerste_basisjaar": "BIGINT",
    "laatste_basisjaar": "BIGINT",
    "alpha": "DOUBLE",
    "intercept": "DOUBLE",
    "coefficienten": "VARCHAR",
    "reden": "VARCHAR",
}


def lasso_forecast(
    eerstejaars: dict[int, float],
    gediplomeerden: dict[int, float],
    min_basisjaren: int = 8,
    min_lag: int = 2,
    n_lags: int = 4,
    cv_splits: int = 3,
    horizon: int = 4,
) -> list[dict]:
    """One row per target diplomajaar (a dict of COLUMNS): the LassoCV forecast, or NULL and the reason it
    is not made."""
    rows = []
    if eerstejaars and gediplomeerden:
        last_g, last_f = max(gediplomeerden), max(eerstejaars)
        for h in range(1, horizon + 1):
            t = last_g + h
            k0 = max(min_lag, t - last_f)
            lags = list(range(k0, k0 + n_lags))
            train = [s for s in sorted(gediplomeerden) if all(s - k in eerstejaars for k in lags)]
            row = {
                "schooljaar": t,
                "horizon": h,
                "methode": "lasso",
                "prognose": None,
                "lags": ",".join(str(k) for k in lags),
                "n_basisjaren": len(train),
                "eerste_basisjaar": train[0] if train else None,
                "laatste_basisjaar": train[-1] if train else None,
                "alpha": None,
                "intercept": None,
                "coefficienten": None,
                "reden": None,
            }
            missing = [t - k for k in lags if t - k not in eerstejaars]
            if len(train) < min_basisjaren:
                row["reden"] = (
                    f"{len(train)} diplomajaren with first-year students at lags {row['lags']} loaded; "
                    f"at least {min_basisjaren} needed"
                )
            elif missing:
                row["reden"] = f"first-year students of studiejaar {', '.join(map(str, missing))} not loaded"
            else:  # NumPy and scikit-learn only where a regression is fitted (≈ 0.85 s to import)
                import numpy as np
                from sklearn.linear_model import LassoCV
                from sklearn.model_selection import TimeSeriesSplit

                x = np.array([[eerstejaars[s - k] for k in lags] for s in train], dtype=float)
                y = np.array([gediplomeerden[s] for s in train], dtype=float)
                fit = LassoCV(cv=TimeSeriesSplit(n_splits=cv_splits), max_iter=100_000).fit(x, y)
                prediction = float(fit.predict(np.array([[eerstejaars[t - k] for k in lags]], dtype=float))[0])
                row.update(
                    prognose=max(prediction, 0.0),
                    alpha=float(fit.alpha_),
                    intercept=float(fit.intercept_),
                    coefficienten=";".join(f"t-{k}:{c + 0.0:.6g}" for k, c in zip(lags, fit.coef_, strict=True)),
                )
            rows.append(row)
    return rows


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta") or {}
    totals = (
        dbt.ref("int_lerarenopleidingen__jaar")
        .filter("opleidingscode = 'totaal' AND n_schatting IS NOT NULL")
        .project("maat, schooljaar, n_schatting")
        .fetchall()
    )
    job = {
        "eerstejaars": [[int(y), float(v)] for maat, y, v in totals if maat == "eerstejaars"],
        "gediplomeerden": [[int(y), float(v)] for maat, y, v in totals if maat == "gediplomeerden"],
        "min_basisjaren": int(meta.get("min_basisjaren", 8)),
        "min_lag": int(meta.get("min_lag", 2)),
        "n_lags": int(meta.get("n_lags", 4)),
        "cv_splits": int(meta.get("cv_splits", 3)),
        "horizon": int(meta.get("horizon", 4)),
    }
    child = subprocess.run(
        [sys.executable, __file__], input=json.dumps(job), capture_output=True, text=True, check=False
    )
    if child.returncode != 0:
        raise RuntimeError(f"the forecast's child process failed (exit {child.returncode}):\n{child.stderr}")
    # the rows as a DuckDB relation over the child's JSON, typed by COLUMNS (an Arrow table would make
    # pyarrow import pandas in dbt's process: about 0.25 s)
    structure = json.dumps([COLUMNS])
    return session.sql(
        "select unnest(from_json($rows::JSON, $structure), recursive := true)",
        params={"rows": child.stdout, "structure": structure},
    )


if __name__ == "__main__":  # the child process: a job as JSON on stdin, the rows as JSON on stdout
    job = json.load(sys.stdin)
    eerstejaars = {year: value for year, value in job.pop("eerstejaars")}
    gediplomeerden = {year: value for year, value in job.pop("gediplomeerden")}
    json.dump(lasso_forecast(eerstejaars, gediplomeerden, **job), sys.stdout)
    sys.exit(0)
