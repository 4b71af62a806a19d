""" "STO in cijfers": the monitor report as static HTML pages rendered from a release.

Everything comes from the release's own Parquet files (marts/*.parquet, read with DuckDB in memory)
and its checks.json; nothing from the working warehouse. Pages are Jinja2 templates (templates/:
base layout, macros for tables, figure footers and inline SVG charts) filled with plain data by one
small module per section (sections/). No JavaScript, no CDN: the pages work offline. Every
table/figure names its indicator ids, the release id, its mart, the link to the mart's lineage (the
release's dbt docs) and the `sto-monitor trace` command for its cells; "*" = suppressed small cell,
"—" = no value.

- formatting.py: Dutch numbers, cells, column headings, display order
- charts.py: line and bar charts as geometry (templates/charts.html.j2 draws them)
- data.py: the release's marts, indicator catalog and checks
- page.py: sections, blocks and footers; the Jinja2 environment
- national.py: the national report (templates/report.html.j2)
- regio.py: the regioportretten, regio/index.html and regio/<sto_regio_id>.html (templates regio*.html.j2)
- suppression.py: which values of a release row are withheld (the one place that reads suppression)
"""

from __future__ import annotations

from pathlib import Path

from orchestration.report import regio
from orchestration.report.data import ReleaseData
from orchestration.report.national import render


def render_report(
    folder: Path, out_dir: Path, docs_href: str = "../docs/index.html", release_id: str | None = None
) -> Path:
    """Render <out_dir>/index.html and the regioportretten <out_dir>/regio/ from the release in <folder>
    (release id from its manifest unless given, as while the release is being built); return the path
    of index.html."""
    with ReleaseData(folder, release_id) as release:
        index = render(release, out_dir / "index.html", docs_href)
        regio.render_all(release, out_dir, docs_href)
        return index


def render_regio_page(folder: Path, sto_regio_id: str, target: Path, docs_href: str) -> Path | None:
    """Render the page of one STO region of the release in <folder> into `target`; None when the
    release has no such region."""
    with ReleaseData(folder) as release:
        return regio.render_one(release, sto_regio_id, target, docs_href)
