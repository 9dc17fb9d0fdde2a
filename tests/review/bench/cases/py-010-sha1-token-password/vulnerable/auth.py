import hashlib
import hmac

STATIC_SALT = b"quarry"
USERS = {}


def hash_password(password: str) -> str:
    digest = hashlib.sha1(STATIC_SALT + password.encode()).hexdigest()
    return digest


def create_user(name: str, password: str) -> None:
    if name in USERS:
        raise ValueError("user exists")
    USERS[name] = hash_password(password)


def check_password(name: str, password: str) -> bool:
    stored = USERS.get(name)
    if stored is None:
        return False
    return hmac.compare_digest(stored, hash_password(password))


if __name__ == "__main__":
    create_user("bob", "hunter2")
    print(check_password("bob", "hunter2"))
