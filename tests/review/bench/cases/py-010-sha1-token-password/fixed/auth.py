import hashlib
import hmac
import os

USERS = {}


def hash_password(password: str, salt: bytes = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1).hex()
    return salt.hex() + ":" + digest


def create_user(name: str, password: str) -> None:
    if name in USERS:
        raise ValueError("user exists")
    USERS[name] = hash_password(password)


def check_password(name: str, password: str) -> bool:
    stored = USERS.get(name)
    if stored is None:
        return False
    salt = bytes.fromhex(stored.split(":", 1)[0])
    return hmac.compare_digest(stored, hash_password(password, salt))


if __name__ == "__main__":
    create_user("bob", "hunter2")
    print(check_password("bob", "hunter2"))
