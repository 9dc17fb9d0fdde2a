import yaml
from flask import Flask, request, jsonify

app = Flask(__name__)
PIPELINES = {}


def validate(doc):
    if not isinstance(doc, dict):
        raise ValueError("pipeline must be a mapping")
    for key in ("name", "steps"):
        if key not in doc:
            raise ValueError(f"missing {key}")
    return doc


@app.route("/pipelines", methods=["POST"])
def import_pipeline():
    body = request.get_data(as_text=True)
    try:
        doc = validate(yaml.safe_load(body))
    except (yaml.YAMLError, ValueError) as exc:
        return jsonify({"error": str(exc)}), 400
    PIPELINES[doc["name"]] = doc["steps"]
    return jsonify({"imported": doc["name"]}), 201


if __name__ == "__main__":
    app.run()
