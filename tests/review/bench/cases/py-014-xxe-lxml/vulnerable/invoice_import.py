from lxml import etree
from flask import Flask, request, jsonify

app = Flask(__name__)


def parse_invoice(xml_bytes):
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    root = etree.fromstring(xml_bytes, parser)
    return {
        "number": root.findtext("number"),
        "customer": root.findtext("customer/name"),
        "total": float(root.findtext("total") or 0),
    }


@app.route("/invoices/import", methods=["POST"])
def import_invoice():
    try:
        invoice = parse_invoice(request.get_data())
    except (etree.XMLSyntaxError, ValueError) as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify(invoice), 201


if __name__ == "__main__":
    app.run()
