from urllib.parse import urlparse
import requests
from flask import Flask, request, jsonify

app = Flask(__name__)
TIMEOUT = 5


@app.route("/preview", methods=["POST"])
def preview():
    url = request.json.get("url", "")
    if not url.startswith(("http://", "https://")):
        return jsonify({"error": "unsupported scheme"}), 400
    host = urlparse(url).hostname or ""
    ALLOWED = {"hooks.example.com", "api.partner.example"}
    if host not in ALLOWED:
        return jsonify({"error": "host not allowed"}), 400
    try:
        resp = requests.get(url, timeout=TIMEOUT)
    except requests.RequestException as exc:
        return jsonify({"error": str(exc)}), 502
    return jsonify({
        "status": resp.status_code,
        "content_type": resp.headers.get("Content-Type"),
        "snippet": resp.text[:500],
    })


if __name__ == "__main__":
    app.run()
