"""`sto-monitor fetch-duo`: download DUO's public files the warehouse uses into the landing zone.

Standard library only (urllib). DUO's vo files are under one base URL (``--base-url``); its open hbo
files are resources of datasets on the CKAN portal onderwijsdata.duo.nl (``--ckan-url``), whose
download URL is looked up with the portal's ``package_show`` action by the file's name. Every file is
downloaded to ``landing/<folder>/.partial/<name>.part``, checked (complete per Content-Length, not
empty, and parsed by its Source exactly as a refresh would read it), and only then moved over
``landing/<folder>/<name>`` with an atomic rename. A failed or interrupted download therefore never
leaves a half file under the real name, and an existing file stays as it was. Timeouts and
5xx/connection errors are retried with exponential backoff; 4xx are not.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import InputFileError
from ingest.landing import sha256_of

DEFAULT_BASE_URL = "https://duo.nl/open_onderwijsdata/images/"
DEFAULT_CKAN_URL = "https://onderwijsdata.duo.nl/"
USER_AGENT = "sto-monitor fetch-duo (+https://duo.nl/open_onderwijsdata)"
PARTIAL_DIR = ".partial"


@dataclass(frozen=True)
class CatalogueEntry:
    """One public DUO file: its name pattern, which years it exists for, the source that reads it.

    kind: ``per_year`` (one file per schooljaar, ``{year}`` in the name), ``once`` (a snapshot), or
    ``span5`` (one file with the five schooljaren ending at the latest year: ``{first}-{last}`` where
    last = latest schooljaar + 1, e.g. examenkandidaten-en-geslaagden-2019-2024.csv for 2023), or
    ``ckan`` (a resource of CKAN dataset ``dataset`` on the portal, found by its file name; the current
    file, whatever the years).
    """

    source: str  # the source that reads it (its landing folder); verified with its parse when registered
    pattern: str
    kind: str = "per_year"
    description: str = ""
    dataset: str = ""  # CKAN dataset id (kind ckan)

    def names(self, years: Iterable[int]) -> list[str]:
        years = sorted(set(years))
        if self.kind == "per_year":
            return [self.pattern.format(year=y) for y in years]
        if self.kind == "span5":
            last = max(years) + 1
            return [self.pattern.format(first=last - 5, last=last)]
        return [self.pattern]


# The DUO open-data files the warehouse reads (duo_formats.md 2.1, 2.3, 2.4). A new public source
# adds one line here; its landing folder is its source name.
CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "duo_leerlingen_vestiging",
        "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv",
        "per_year",
        'DUO "01. Leerlingen vo per vestiging naar onderwijstype"',
    ),
    CatalogueEntry("duo_vestigingen", "02.-alle-vestigingen-vo.csv", "once", 'DUO "02. Alle vestigingen vo"'),
    CatalogueEntry(
        "duo_examenkandidaten",
        "examenkandidaten-en-geslaagden-{first}-{last}.csv",
        "span5",
        'DUO "06. Examenkandidaten en geslaagden" (five schooljaren per file)',
    ),
    CatalogueEntry(
        "duo_hbo_eerstejaars",
        "eerstejaarsingeschrevenenhbo.csv",
        "ckan",
        'DUO "eerstejaars ingeschrevenen hbo" (five studiejaren per file)',
        "p02ho1ejrs",
    ),
    CatalogueEntry(
        "duo_hbo_ingeschrevenen",
        "ingeschrevenenhbo.csv",
        "ckan",
        'DUO "ingeschrevenen hbo" (five studiejaren per file)',
        "p01hoinges",
    ),
    CatalogueEntry(
        "duo_hbo_gediplomeerden",
        "gediplomeerdenhbo.csv",
        "ckan",
        'DUO "gediplomeerden hbo" (five diplomajaren per file)',
        "p04hogdipl",
    ),
)


class FetchError(Exception):
    """One file could not be fetched; str() is the one-line reason."""


@dataclass
class FetchResult:
    url: str
    target: Path
    status: str  # downloaded | unchanged | failed
    message: str = ""
    size: int = 0


def _download(url: str, part: Path, timeout: float) -> int:
    """Stream `url` into `part`; return the size. Raises FetchError (retryable or not, see .retry)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            expected = int(expected) if expected and expected.isdigit() else None
            got = 0
            with part.open("wb") as out:
                while True:
                    try:
                        chunk = response.read(1 << 16)
                    except http.client.IncompleteRead as exc:
                        got += len(exc.partial)
                        raise _retryable(f"incomplete download: got {got:,} of {expected or '?'} bytes") from None
                    if not chunk:
                        break
                    out.write(chunk)
                    got += len(chunk)
                out.flush()
                os.fsync(out.fileno())
    except urllib.error.HTTPError as exc:
        error = FetchError(f"HTTP {exc.code} {exc.reason}")
        error.retry = exc.code >= 500 or exc.code == 429  # type: ignore[attr-defined]
        raise error from None
    except TimeoutError:
        raise _retryable(f"timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise _retryable(f"timed out after {timeout:g} s") from None
        raise _retryable(f"cannot connect ({reason})") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise _retryable(f"connection failed ({type(exc).__name__}: {exc})") from None
    if expected is not None and got != expected:
        raise _retryable(f"incomplete download: got {got:,} of {expected:,} bytes")
    if got == 0:
        raise _retryable("empty response")
    return got


def _retryable(message: str) -> FetchError:
    error = FetchError(message)
    error.retry = True  # type: ignore[attr-defined]
    return error


def ckan_api_url(ckan_url: str, entry: CatalogueEntry) -> str:
    """The portal's package_show URL of the entry's CKAN dataset."""
    return f"{ckan_url.rstrip('/')}/api/3/action/package_show?id={urllib.parse.quote(entry.dataset)}"


def _ckan_resource_url(api: str, entry: CatalogueEntry, name: str, part: Path, timeout: float) -> str:
    """The download URL of resource `name` of CKAN dataset `entry.dataset` (package_show `api`, read
    into `part`)."""
    _download(api, part, timeout)
    try:
        answer = json.loads(part.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise FetchError("not a CKAN answer (no JSON)") from None
    if not isinstance(answer, dict) or not answer.get("success"):
        raise FetchError(f"dataset {entry.dataset} not found")
    urls = [str(r.get("url") or "") for r in (answer.get("result") or {}).get("resources") or []]
    found = [u for u in urls if urllib.parse.urlparse(u).path.rsplit("/", 1)[-1] == name]
    if not found:
        names = ", ".join(sorted(urllib.parse.urlparse(u).path.rsplit("/", 1)[-1] for u in urls)) or "none"
        raise FetchError(f"dataset {entry.dataset} has no resource {name} (it has: {names})")
    return found[0]


def _verify(part: Path, source_name: str, file_name: str) -> None:
    """Parse the download as the refresh will; raise FetchError with the contract's one-line reason."""
    # deferred: the readers load polars; the CLI imports this module for its --help text (CATALOGUE)
    from ingest.sources import SOURCES
    from ingest.tabular import read_text_table  # deferred: as above

    try:
        source = SOURCES.get(source_name)
        if source is not None:
            source.parse(part, file_name)
        else:  # a catalogued file no source reads yet: it must at least be ';'-separated text
            read_text_table(part, file_name)
    except InputFileError as exc:
        raise FetchError(f"downloaded file fails its contract: {exc}") from None


def fetch_file(
    base_url: str,
    entry: CatalogueEntry,
    name: str,
    landing: Path,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    progress: Callable[[str], None] = lambda _m: None,
    ckan_url: str = DEFAULT_CKAN_URL,
) -> FetchResult:
    url = base_url.rstrip("/") + "/" + name if entry.kind != "ckan" else ckan_api_url(ckan_url, entry)
    folder = landing / entry.source
    target = folder / name
    partial = folder / PARTIAL_DIR
    partial.mkdir(parents=True, exist_ok=True)
    part = partial / (name + ".part")
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                if entry.kind == "ckan":  # look the file's URL up first; errors name the lookup
                    url = ckan_api_url(ckan_url, entry)
                    url = _ckan_resource_url(url, entry, name, part, timeout)
                progress(f"  downloading {url}" + (f" (attempt {attempt})" if attempt > 1 else ""))
                size = _download(url, part, timeout)
                break
            except FetchError as exc:
                if not getattr(exc, "retry", False) or attempt > retries:
                    tries = f" (after {attempt} attempts)" if attempt > 1 else ""
                    return FetchResult(url, target, "failed", f"{exc}{tries}")
                time.sleep(backoff * 2 ** (attempt - 1))
        try:
            _verify(part, entry.source, f"{entry.source}/{name}")
        except FetchError as exc:
            return FetchResult(url, target, "failed", str(exc))
        if target.exists() and sha256_of(target) == sha256_of(part):
            return FetchResult(url, target, "unchanged", size=size)
        os.replace(part, target)  # atomic on one file system: the old file or the new one, never half
        return FetchResult(url, target, "downloaded", size=size)
    finally:
        part.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # other downloads may still use it
            partial.rmdir()


def fetch_duo(
    landing: Path,
    years: Iterable[int],
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    sources: Iterable[str] | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    ckan_url: str = DEFAULT_CKAN_URL,
) -> list[FetchResult]:
    """Fetch every catalogued file for `years` (optionally only some sources); never raises for HTTP trouble."""
    years = list(years)
    wanted = set(sources) if sources else None
    results = []
    for entry in CATALOGUE:
        if wanted is not None and entry.source not in wanted:
            continue
        for name in entry.names(years):
            results.append(
                fetch_file(base_url, entry, name, landing, timeout, retries, backoff, progress, ckan_url=ckan_url)
            )
    return results
