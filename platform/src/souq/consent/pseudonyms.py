"""App-scoped pseudonymous ids: stable for one app, unlinkable across apps (like openid)."""

from __future__ import annotations

import base64
import hashlib
import hmac


class Pseudonyms:
    """Derives the ids an app sees from a server secret (a keyed hash of app and id)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _derive(self, kind: str, app: str, subject: str) -> str:
        digest = hmac.new(self._secret, f"{kind}:{app}:{subject}".encode(), hashlib.sha256).digest()
        return base64.b32encode(digest[:20]).decode().lower()

    def person(self, app: str, user_id: int, epoch: int = 0) -> str:
        """How app ``app`` sees person ``user_id`` in ``epoch`` (a person who asks the app
        to forget them starts a new epoch: a new id the app cannot link to the old one)."""
        subject = str(user_id) if epoch == 0 else f"{user_id}#{epoch}"
        return "p_" + self._derive("person", app, subject)

    def conversation(self, app: str, conversation_id: int) -> str:
        """How app ``app`` sees conversation ``conversation_id``."""
        return "c_" + self._derive("conversation", app, str(conversation_id))
