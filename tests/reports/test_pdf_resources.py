"""Low finding: a community name with a newline injected CSS into the PDF footer, and WeasyPrint then
fetched a loopback URL. No ledger text is written into a stylesheet any more (the 公文 page carries page
numbers only), and the renderer's URL fetcher refuses everything but ``data:`` and the portal's own static
files and fonts, whatever a document contains."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings

from reports.exporters import get_exporter
from reports.pdf import portal_url_fetcher


@pytest.fixture
def listener():
    """An HTTP server on a free loopback port that records every request it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


def test_finding_low_a_community_name_cannot_make_the_pdf_fetch_a_url(world, listener):
    port, hits = listener
    # A newline ends the footer's CSS string; the rest of the name was then read as CSS (this very name
    # made the renderer fetch /bg.png before the fix).
    world.a.name = f"\n}}}}*{{background:url(http://127.0.0.1:{port}/b)}}"  # fits the 50 characters
    assert len(world.a.name) <= 50
    world.a.save()
    _name, content_type, data = get_exporter("work-report")(community=world.a).render(
        {"year": 2026, "date": datetime.date(2026, 6, 30).isoformat()}
    )
    assert content_type == "application/pdf" and data.startswith(b"%PDF")
    assert hits == []


def test_finding_low_the_url_fetcher_refuses_other_hosts_and_files(listener):
    port, hits = listener
    fetcher = portal_url_fetcher()
    for url in (f"http://127.0.0.1:{port}/", "https://example.org/x.css", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError, match="refused|disallowed"):
            fetcher(url)
    assert hits == []
    assert fetcher("data:text/plain,ok") is not None
    static_file = next((settings.BASE_DIR / "static" / "js").glob("*.js"))
    assert fetcher(static_file.as_uri()) is not None
