import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)


def find_by_tags(conn, tags):
    if not tags:
        return []
    placeholders = ",".join("?" for _ in tags)
    sql = "SELECT DISTINCT a.id, a.title FROM articles a JOIN tags t ON t.article_id = a.id " \
          "WHERE t.name IN (" + placeholders + ") ORDER BY a.id"
    return conn.execute(sql, tuple(tags)).fetchall()


@app.route("/articles")
def articles():
    tags = [t for t in request.args.getlist("tag") if t][:20]
    conn = sqlite3.connect("blog.db")
    try:
        rows = find_by_tags(conn, tags)
    finally:
        conn.close()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])


if __name__ == "__main__":
    app.run()
