"""Access checks every order route goes through."""
from functools import wraps

from flask import abort, g


def require_staff(view):
    @wraps(view)
    def checked(*args, **kwargs):
        if g.user is None or not g.user.is_staff:
            abort(403)
        return view(*args, **kwargs)
    return checked
