"""Tiny stock lookup service for the warehouse tablets.

GET /items?category=<name>&min=<qty>  ->  JSON list of items
"""
import json
import os
import sqlite3
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DB_PATH = os.environ.get("INVENTORY_DB", "inventory.db")
HOST = os.environ.get("INVENTORY_HOST", "127.0.0.1")


def find_items(conn, category, min_qty):
    sql = (
        "SELECT sku, name, qty FROM items "
        f"WHERE category = '{category}' AND qty >= ? ORDER BY sku"
    )
    return conn.execute(sql, (min_qty,)).fetchall()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/items":
            self.send_error(404)
            return
        params = parse_qs(url.query)
        category = params.get("category", [""])[0]
        try:
            min_qty = int(params.get("min", ["0"])[0])
        except ValueError:
            self.send_error(400, "min must be an integer")
            return
        with sqlite3.connect(DB_PATH) as conn:
            rows = find_items(conn, category, min_qty)
        body = json.dumps([{"sku": s, "name": n, "qty": q} for s, n, q in rows]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer((HOST, 8080), Handler).serve_forever()
