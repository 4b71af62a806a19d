"""`sto-monitor fetch-duo` against a local HTTP server on 127.0.0.1 (never an external host):
real DUO files, a 404, a truncated body, a slow server, a transient 500, and a file that breaks its contract."""

from __future__ import annotations

import json
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from orchestration.cli import main
from tests.conftest import REALDATA

PUPILS_2019 = "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
VESTIGINGEN = "02.-alle-vestigingen-vo.csv"
EXAMS = "examenkandidaten-en-geslaagden-2015-2020.csv"  # five schooljaren ending at 2019-2020
# DUO's open hbo files: resources of CKAN datasets, found through the portal's package_show
HBO = {
    "p02ho1ejrs": ("duo_hbo_eerstejaars", "eerstejaarsingeschrevenenhbo.csv"),
    "p01hoinges": ("duo_hbo_ingeschrevenen", "ingeschrevenenhbo.csv"),
    "p04hogdipl": ("duo_hbo_gediplomeerden", "gediplomeerdenhbo.csv"),
}


class Handler(SimpleHTTPRequestHandler):
    """Serves the directory; `behaviour[name]` makes one file misbehave."""

    behaviour: dict[str, str] = {}
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        if self.path.startswith("/api/3/action/package_show?id="):
            return self.package_show(self.path.rsplit("=", 1)[-1])
        name = self.path.rsplit("/", 1)[-1]
        Handler.hits[name] = Handler.hits.get(name, 0) + 1
        mode = Handler.behaviour.get(name)
        if mode == "404":
            self.send_error(404, "Not Found")
        elif mode == "truncate":
            body = b"BRIN NUMMER;VESTIGINGSNUMMER\n00AH;00\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
        elif mode == "slow":
            time.sleep(2.5)
            self.send_error(503, "Too late")
        elif mode == "500-once" and Handler.hits[name] == 1:
            self.send_error(500, "Internal Server Error")
        elif mode == "binary":
            body = b"\x00\x01PK\x03\x04" * 100
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def package_show(self, dataset: str):
        """CKAN's answer: the dataset's resources with their download URLs on this server."""
        Handler.hits[dataset] = Handler.hits.get(dataset, 0) + 1
        host = f"http://{self.headers['Host']}"
        if dataset not in HBO or Handler.behaviour.get(dataset) == "404":
            body, status = {"success": False, "error": {"message": "Not found"}}, 404
        else:
            names = [HBO[dataset][1], HBO[dataset][1].replace("hbo", "wo")]
            if Handler.behaviour.get(dataset) == "no-resource":
                names = names[1:]
            urls = [f"{host}/dataset/{dataset}/resource/r{i}/download/{n}" for i, n in enumerate(names)]
            body, status = {"success": True, "result": {"resources": [{"url": u} for u in urls]}}, 200
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("duo_server") / "images"
    root.mkdir()
    shutil.copy(REALDATA / "cito" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", root / PUPILS_2019)
    shutil.copy(REALDATA / "cito" / "alle-vestigingen-vo.csv", root / VESTIGINGEN)
    shutil.copy(REALDATA / "alleschools" / "duo_examen_raw_all.csv", root / EXAMS)
    for dataset, (_source, name) in HBO.items():
        folder = root.parent / "dataset" / dataset / "resource" / "r0" / "download"
        folder.mkdir(parents=True)
        shutil.copy(REALDATA / "duo_hbo" / name, folder / name)

    def handler(*args, **kwargs):
        return Handler(*args, directory=str(root.parent), **kwargs)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/images/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def reset_behaviour():
    Handler.behaviour = {}
    Handler.hits = {}


def fetch(base_url: str, *extra: str) -> int:
    ckan_url = base_url.removesuffix("images/")  # the test server is the CKAN portal too
    return main(
        ["fetch-duo", "--base-url", base_url, "--ckan-url", ckan_url, "--timeout", "1", "--backoff", "0", *extra]
    )


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("sto-monitor fetch-duo: error:")]


pytestmark = pytest.mark.realdata


def test_downloads_every_catalogued_file_into_the_landing_zone(server, sto_home, capsys):
    root, url = server
    assert fetch(url, "--years", "2019") == 0
    landing = sto_home / "landing"
    for folder, name in [
        ("duo_leerlingen_vestiging", PUPILS_2019),
        ("duo_vestigingen", VESTIGINGEN),
        ("duo_examenkandidaten", EXAMS),
    ]:
        assert (landing / folder / name).read_bytes() == (root / name).read_bytes()
        assert not (landing / folder / ".partial").exists()
    for folder, name in HBO.values():  # found by name among the dataset's resources (the wo file is not taken)
        assert (landing / folder / name).read_bytes() == (REALDATA / "duo_hbo" / name).read_bytes()
        assert [p.name for p in (landing / folder).iterdir()] == [name]
    out = capsys.readouterr()
    assert f"downloaded landing/duo_leerlingen_vestiging/{PUPILS_2019} (3.5 MB)" in out.out
    assert "Traceback" not in out.err
    # Fetching again changes nothing.
    assert fetch(url, "--years", "2019") == 0
    assert f"unchanged landing/duo_vestigingen/{VESTIGINGEN}" in capsys.readouterr().out


def test_404_is_one_line_and_leaves_the_existing_file(server, sto_home, capsys):
    _root, url = server
    Handler.behaviour = {PUPILS_2019: "404"}
    existing = sto_home / "landing" / "duo_leerlingen_vestiging" / PUPILS_2019
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"the file of last week")
    assert fetch(url, "--years", "2019") == 1
    err = capsys.readouterr().err
    assert errors(err) == [f"sto-monitor fetch-duo: error: {url}{PUPILS_2019}: HTTP 404 Not Found"]
    assert "1 of 6 files failed" in err
    assert Handler.hits[PUPILS_2019] == 1  # a 404 is not retried
    assert existing.read_bytes() == b"the file of last week"
    assert (sto_home / "landing" / "duo_vestigingen" / VESTIGINGEN).exists()  # the others still came in
    assert not (existing.parent / ".partial").exists()


def test_truncated_response_is_retried_then_refused(server, sto_home, capsys):
    _root, url = server
    Handler.behaviour = {VESTIGINGEN: "truncate"}
    assert fetch(url, "--source", "duo_vestigingen", "--retries", "2") == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith(f"sto-monitor fetch-duo: error: {url}{VESTIGINGEN}: incomplete download: got 37 of ")
    assert line.endswith("(after 3 attempts)")
    assert Handler.hits[VESTIGINGEN] == 3
    folder = sto_home / "landing" / "duo_vestigingen"
    assert list(folder.iterdir()) == []  # no half file under the real name, no .part left


def test_slow_server_times_out(server, sto_home, capsys):
    _root, url = server
    Handler.behaviour = {VESTIGINGEN: "slow"}
    started = time.monotonic()
    assert fetch(url, "--source", "duo_vestigingen", "--retries", "1") == 1
    assert time.monotonic() - started < 10
    (line,) = errors(capsys.readouterr().err)
    assert line == f"sto-monitor fetch-duo: error: {url}{VESTIGINGEN}: timed out after 1 s (after 2 attempts)"
    assert not (sto_home / "landing" / "duo_vestigingen" / VESTIGINGEN).exists()


def test_a_transient_server_error_is_retried(server, sto_home, capsys):
    root, url = server
    Handler.behaviour = {VESTIGINGEN: "500-once"}
    assert fetch(url, "--source", "duo_vestigingen") == 0
    assert Handler.hits[VESTIGINGEN] == 2
    assert (sto_home / "landing" / "duo_vestigingen" / VESTIGINGEN).read_bytes() == (root / VESTIGINGEN).read_bytes()


def test_a_download_that_breaks_its_contract_is_not_landed(server, sto_home, capsys):
    _root, url = server
    Handler.behaviour = {PUPILS_2019: "binary"}
    assert fetch(url, "--source", "duo_leerlingen_vestiging", "--years", "2019") == 1
    (line,) = errors(capsys.readouterr().err)
    assert line == (
        f"sto-monitor fetch-duo: error: {url}{PUPILS_2019}: downloaded file fails its contract: "
        f"duo_leerlingen_vestiging/{PUPILS_2019}: not a text file (binary data, NUL bytes); "
        "expected ';'-separated text"
    )
    assert list((sto_home / "landing" / "duo_leerlingen_vestiging").iterdir()) == []


def test_unreachable_host_is_a_clear_error(sto_home, capsys):
    # A closed port on 127.0.0.1: connection refused, retried, then one line.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert fetch(f"http://127.0.0.1:{port}/", "--source", "duo_vestigingen", "--retries", "1") == 1
    (line,) = errors(capsys.readouterr().err)
    assert "cannot connect" in line and "(after 2 attempts)" in line


def test_an_hbo_file_the_portal_does_not_list_is_a_clear_error(server, sto_home, capsys):
    _root, url = server
    Handler.behaviour = {"p04hogdipl": "no-resource", "p01hoinges": "404"}
    assert fetch(url, "--source", "duo_hbo_gediplomeerden", "--source", "duo_hbo_ingeschrevenen") == 1
    lines = errors(capsys.readouterr().err)
    api = url.removesuffix("images/") + "api/3/action/package_show?id="
    assert sorted(lines) == sorted(
        [
            f"sto-monitor fetch-duo: error: {api}p04hogdipl: dataset p04hogdipl "
            "has no resource gediplomeerdenhbo.csv (it has: gediplomeerdenwo.csv)",
            f"sto-monitor fetch-duo: error: {api}p01hoinges: HTTP 404 Not Found",
        ]
    )
    assert Handler.hits["p01hoinges"] == 1  # a 404 of the portal is not retried
    for folder in ("duo_hbo_gediplomeerden", "duo_hbo_ingeschrevenen"):
        assert list((sto_home / "landing" / folder).iterdir()) == []
