import os
import psycopg2
from flask import Flask, abort, jsonify

app = Flask(__name__)


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"])


@app.route("/orders/<order_id>")
def get_order(order_id):
    with connect() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, status, total FROM orders WHERE id = '" + order_id + "'")
            row = cur.fetchone()
    if row is None:
        abort(404)
    return jsonify({"id": row[0], "status": row[1], "total": float(row[2])})


@app.route("/health")
def health():
    return "ok"


if __name__ == "__main__":
    app.run()
