import sqlite3

from flask import Flask, jsonify, request

from api.auth import require_staff

app = Flask(__name__)


def db():
    return sqlite3.connect("orders.db")


@app.route("/orders/<int:order_id>")
@require_staff
def show_order(order_id):
    row = db().execute("SELECT id, total FROM orders WHERE id = ?", (order_id,)).fetchone()
    return jsonify(id=row[0], total=row[1])


@app.route("/orders/search")
@require_staff
def search_orders():
    customer = request.args.get("customer", "")
    rows = db().execute("SELECT id, total FROM orders WHERE customer = '" + customer + "'").fetchall()
    return jsonify([{"id": r[0], "total": r[1]} for r in rows])


@app.route("/orders/export")
@require_staff
def export_orders():
    import os
    target = request.args.get("to", "/tmp/orders.csv")
    os.system("sqlite3 -csv orders.db 'SELECT * FROM orders' > " + target)
    return jsonify(exported=target)
