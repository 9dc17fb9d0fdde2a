import os
import requests

BILLING_URL = "https://billing.internal.example/api/v2"


class BillingClient:
    def __init__(self, token=None):
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + (token or os.environ["BILLING_TOKEN"])

    def charge(self, customer_id, amount_cents, currency="EUR"):
        payload = {"customer": customer_id, "amount": amount_cents, "currency": currency}
        resp = self.session.post(BILLING_URL + "/charges", json=payload,
                                 timeout=10, verify=False)
        resp.raise_for_status()
        return resp.json()["id"]

    def refund(self, charge_id):
        resp = self.session.post(f"{BILLING_URL}/charges/{charge_id}/refund", timeout=10)
        resp.raise_for_status()
        return resp.json()


if __name__ == "__main__":
    print(BillingClient().charge("cus_123", 500))
