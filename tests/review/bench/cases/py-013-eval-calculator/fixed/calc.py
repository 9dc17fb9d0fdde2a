import ast
import operator
from flask import Flask, request, jsonify

app = Flask(__name__)
VARIABLES = {"vat": 0.21, "discount": 0.05}
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def safe_eval(node, env):
    if isinstance(node, ast.Expression):
        return safe_eval(node.body, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](safe_eval(node.left, env), safe_eval(node.right, env))
    raise ValueError("unsupported expression")


@app.route("/price", methods=["POST"])
def price():
    data = request.get_json(force=True)
    formula = data.get("formula", "base")
    base = float(data.get("base", 0))
    env = dict(VARIABLES, base=base)
    try:
        result = safe_eval(ast.parse(formula, mode="eval"), env)
    except Exception as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify({"price": round(float(result), 2)})


@app.route("/variables")
def variables():
    return jsonify(VARIABLES)


if __name__ == "__main__":
    app.run()
