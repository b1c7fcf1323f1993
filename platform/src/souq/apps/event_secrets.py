"""Each app's event secret: what its backend signs events with (see
:mod:`souq_sdk.signing`).

A secret is derived from the server secret, the app's slug and the app's current epoch,
so none is stored; rotating moves to the next epoch, and the old secret stops working at
once, in every process. Only the app's owner (or the operator) may read or rotate it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import RegisteredApp
from souq.errors import Forbidden, NotFound
from souq.services.audit import Actor

PREFIX = "souq_whsec_"


def derive(server_secret: bytes, slug: str, epoch: int) -> str:
    """The event secret of ``slug`` in ``epoch``."""
    digest = hmac.new(server_secret, f"app-events:{slug}:{epoch}".encode(), hashlib.sha256)
    return PREFIX + base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


class EventSecrets:
    """Reads, rotates and checks apps' event secrets."""

    def __init__(self, db: Database, server_secret: bytes) -> None:
        self._db = db
        self._server_secret = server_secret

    async def current(self, slug: str) -> str | None:
        """The secret events for ``slug`` must be signed with (``None``: no such app)."""
        epoch = await self._db.read(
            lambda s: s.scalar(
                select(RegisteredApp.secret_epoch).where(RegisteredApp.slug == slug)
            ),
            point=True,
        )
        return None if epoch is None else derive(self._server_secret, slug, epoch)

    async def reveal(self, actor: Actor, slug: str, *, rotate: bool = False) -> str:
        """``slug``'s secret for its owner or the operator; with ``rotate``, a new one
        (the old one stops working at once)."""

        def read(session: Session) -> int:
            app = session.scalar(
                select(RegisteredApp).where(RegisteredApp.slug == slug).with_for_update()
            )
            if app is None:
                raise NotFound(f"no registered app {slug!r}", field="slug")
            if not (actor.admin and actor.account_id is None) and app.owner_id != actor.account_id:
                raise Forbidden("only the app's owner may see its event secret", field="slug")
            if rotate:
                app.secret_epoch += 1
            return app.secret_epoch

        epoch = await (self._db.write(read) if rotate else self._db.read(read))
        return derive(self._server_secret, slug, epoch)
