import hashlib
import hmac
import os
import sqlite3


class AccountStore:
    def __init__(self, path="accounts.db"):
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, pw TEXT)")

    def _hash(self, password, salt=None):
        salt = salt if salt is not None else os.urandom(16)
        dk = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 600_000)
        return salt.hex() + "$" + dk.hex()

    def register(self, name, password):
        self.conn.execute("INSERT INTO accounts VALUES (?, ?)", (name, self._hash(password)))
        self.conn.commit()

    def verify(self, name, password):
        row = self.conn.execute("SELECT pw FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        salt_hex, _ = row[0].split("$", 1)
        return hmac.compare_digest(row[0], self._hash(password, bytes.fromhex(salt_hex)))


if __name__ == "__main__":
    store = AccountStore(":memory:")
    store.register("alice", "correct horse")
    print(store.verify("alice", "correct horse"))
