import os
from flask import Flask, request, Response, abort

app = Flask(__name__)
STORAGE = "/srv/quarry/reports"


@app.route("/reports/download")
def download():
    name = request.args.get("name")
    if not name:
        abort(400)
    path = os.path.join(STORAGE, name)
    if not os.path.isfile(path):
        abort(404)
    with open(path, "rb") as fh:
        data = fh.read()
    return Response(data, mimetype="application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename={os.path.basename(path)}"})


@app.route("/reports")
def listing():
    return {"reports": sorted(os.listdir(STORAGE))}


if __name__ == "__main__":
    app.run()
