import os
from flask import Flask, abort, send_file

app = Flask(__name__)
BASE_DIR = os.path.realpath("/srv/quarry/public")


def safe_path(relative):
    candidate = os.path.realpath(os.path.join(BASE_DIR, relative))
    if os.path.commonpath([candidate, BASE_DIR]) != BASE_DIR:
        return None
    return candidate


@app.route("/static/<path:relative>")
def static_file(relative):
    path = safe_path(relative)
    if path is None:
        abort(403)
    if not os.path.isfile(path):
        abort(404)
    return send_file(path)


if __name__ == "__main__":
    app.run()
