"""Link previews for the chat app: fetch a URL a member posted and return its title."""
import html
import re
from urllib.parse import urlsplit

import requests

TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
MAX_BYTES = 256 * 1024


def _acceptable(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def fetch_preview(url):
    if not _acceptable(url):
        return None
    resp = requests.get(url, timeout=5, stream=True, allow_redirects=False,
                        headers={"User-Agent": "chat-preview/1.0"})
    try:
        if resp.status_code != 200 or "html" not in resp.headers.get("Content-Type", ""):
            return None
        body = resp.raw.read(MAX_BYTES, decode_content=True).decode("utf-8", "replace")
    finally:
        resp.close()
    m = TITLE_RE.search(body)
    if not m:
        return None
    title = html.unescape(" ".join(m.group(1).split()))
    return {"url": url, "title": title[:200]}
