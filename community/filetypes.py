"""What an uploaded document really is, by its first bytes (never its name): PDF, PNG or JPEG.

Welfare attachments and 责任书 scans accept these and nothing else; the stored file gets the suffix of
what it is, and is served as an attachment with that type (a renamed HTML file is never rendered).
"""

SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}
SUFFIX_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def sniff(upload) -> tuple[str, str] | None:
    """(content type, suffix) of a PDF/PNG/JPEG ``upload`` by its first bytes, or None. Rewinds it."""
    head = upload.read(16)
    upload.seek(0)
    return next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), None)
