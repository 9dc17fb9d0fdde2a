import subprocess
import tempfile
from pathlib import Path
from flask import Flask, request, send_file

app = Flask(__name__)
UPLOADS = Path("/srv/uploads")


@app.route("/thumbnail")
def thumbnail():
    name = request.args["file"]
    size = request.args.get("size", "128")
    if not size.isdigit():
        return "bad size", 400
    out = tempfile.mktemp(suffix=".png")
    if "/" in name or name.startswith("-"):
        return "bad name", 400
    cmd = ["convert", str(UPLOADS / name), "-resize", f"{size}x{size}", out]
    subprocess.run(cmd, shell=False, check=True)
    return send_file(out, mimetype="image/png")


if __name__ == "__main__":
    app.run()
