import base64
import json
from flask import Flask, request, make_response

app = Flask(__name__)


def load_session(raw):
    if not raw:
        return {}
    data = base64.b64decode(raw)
    return json.loads(data)


def dump_session(sess):
    return base64.b64encode(json.dumps(sess).encode()).decode()


@app.route("/cart/add/<item>")
def add_item(item):
    sess = load_session(request.cookies.get("session"))
    cart = sess.setdefault("cart", [])
    cart.append(item)
    resp = make_response({"cart": cart})
    resp.set_cookie("session", dump_session(sess))
    return resp


if __name__ == "__main__":
    app.run()
