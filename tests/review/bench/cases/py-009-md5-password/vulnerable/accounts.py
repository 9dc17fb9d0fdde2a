import hashlib
import sqlite3


class AccountStore:
    def __init__(self, path="accounts.db"):
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, pw TEXT)")

    def _hash(self, password):
        return hashlib.md5(password.encode("utf-8")).hexdigest()

    def register(self, name, password):
        self.conn.execute("INSERT INTO accounts VALUES (?, ?)", (name, self._hash(password)))
        self.conn.commit()

    def verify(self, name, password):
        row = self.conn.execute("SELECT pw FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        return row[0] == self._hash(password)


if __name__ == "__main__":
    store = AccountStore(":memory:")
    store.register("alice", "correct horse")
    print(store.verify("alice", "correct horse"))
