import subprocess
from pathlib import Path
from flask import Flask, request, send_file

app = Flask(__name__)
WORKDIR = Path("/srv/exports")


@app.route("/export", methods=["POST"])
def export():
    label = request.form.get("label", "export")
    out = WORKDIR / "bundle.tar.gz"
    cmd = ["tar", "--create", "--gzip", "--file", str(out),
           "--label", label, "--", "data"]
    subprocess.run(cmd, cwd=WORKDIR, shell=False, check=True, timeout=60)
    return send_file(out, as_attachment=True)


@app.route("/export/status")
def status():
    done = (WORKDIR / "bundle.tar.gz").exists()
    return {"ready": done}


if __name__ == "__main__":
    app.run()
