import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)
DB_PATH = "users.db"


def get_db():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/users/search")
def search_users():
    name = request.args.get("name", "")
    conn = get_db()
    try:
        cur = conn.cursor()
        query = "SELECT id, name, email FROM users WHERE name LIKE ?"
        cur.execute(query, (f"%{name}%",))
        rows = [dict(r) for r in cur.fetchall()]
    finally:
        conn.close()
    return jsonify(rows)


if __name__ == "__main__":
    app.run(port=5000)
