from flask import Flask, request, jsonify

app = Flask(__name__)
VARIABLES = {"vat": 0.21, "discount": 0.05}


@app.route("/price", methods=["POST"])
def price():
    data = request.get_json(force=True)
    formula = data.get("formula", "base")
    base = float(data.get("base", 0))
    env = dict(VARIABLES, base=base)
    try:
        result = eval(formula, {"__builtins__": {}}, env)
    except Exception as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify({"price": round(float(result), 2)})


@app.route("/variables")
def variables():
    return jsonify(VARIABLES)


if __name__ == "__main__":
    app.run()
