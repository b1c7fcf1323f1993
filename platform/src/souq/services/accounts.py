"""People and sessions: registration, sign-in with bearer tokens, roles."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import AccessToken, User
from souq.errors import AlreadyDecided, BadInput, Conflict, InvalidCredentials, NotFound
from souq.events.broker import Broker, access_topic
from souq.events.types import AccessChanged
from souq.services import text

from .audit import Actor, AuditAction, reason_text, record
from .passwords import check_new_password, hash_password, verify_password
from .phones import normalize_phone
from .throttle import LoginThrottle

USERNAME = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
TOKEN_PREFIX = "souq_"


class Role(StrEnum):
    """What an account may do beyond chatting."""

    PERSON = "person"
    DEVELOPER = "developer"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Account:
    """A signed-in account as the rest of souq sees it."""

    id: int
    username: str
    display_name: str
    role: Role
    phone: str | None = None
    """E.164, set by the account's owner; apps see it only while granted ``profile.phone``."""


def account_of(user: User) -> Account:
    """The account of a stored user."""
    return Account(user.id, user.username, user.display_name, Role(user.role), user.phone)


_users, _tokens = User.__table__.c, AccessToken.__table__.c
TOKEN_ACCOUNT = (
    select(_users.id, _users.username, _users.display_name, _users.role, _users.phone)
    .join_from(User.__table__, AccessToken.__table__, _tokens.user_id == _users.id)
    .where(_tokens.token_hash == bindparam("token_hash"))
)
"""The account of a token, by the token's hash: asked on every request."""


def token_hash(token: str) -> str:
    """The stored form of a bearer token (tokens are random, so SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_username(username: str) -> str:
    """Usernames are case-insensitive; they are kept in lower case."""
    return username.strip().lower()


def _taken(name: str) -> Conflict:
    return Conflict(f"username {name!r} is taken", field="username")


class Accounts:
    """Creates accounts, signs people in and out, and resolves tokens to accounts.

    Whatever takes access away (a revoked token, a changed role) is announced on the
    person's :func:`access_topic` once committed, so their open sockets check again.
    """

    def __init__(self, db: Database, throttle: LoginThrottle, broker: Broker) -> None:
        self._db = db
        self._throttle = throttle
        self._broker = broker

    async def _access_changed(self, user_id: int) -> None:
        await self._broker.publish([access_topic(user_id)], AccessChanged(user_id))

    async def register(
        self,
        username: str,
        password: str,
        *,
        display_name: str | None = None,
        role: Role = Role.PERSON,
        granted_by: Actor | None = None,
        address: str | None = None,
    ) -> Account:
        """Create an account; the username must be free and the password meet the policy.

        Any role but ``person`` is granted by an admin (``granted_by``) and audited.
        A registration from a client ``address`` is throttled per address; the cheap
        checks come first and the attempt is counted before the password is hashed, and a
        taken username is refused without hashing at all (the answer says it is taken).
        Without an address (the operator's CLI, the demo seed) nothing is throttled.
        """
        name = normalize_username(username)
        if role != Role.PERSON:
            if granted_by is None:
                raise ValueError("a role beyond person needs granted_by")
            granted_by.require_admin()
        if not USERNAME.match(name):
            raise BadInput(
                "username must be 3-32 characters: a letter, then letters, digits or _",
                field="username",
            )
        check_new_password(password, name)
        if display_name is not None:
            text.name(display_name, "displayName")
        if display_name is not None and not 1 <= len(display_name.strip()) <= 64:
            raise BadInput("display name must be 1-64 characters", field="displayName")
        if address is not None:
            await self._throttle.registration_attempt(address)
        if await self._db.read(lambda s: s.scalar(select(User.id).where(User.username == name))):
            raise _taken(name)
        hashed = await hash_password(password)

        def insert(session: Session) -> Account:
            user = User(
                username=name,
                display_name=(display_name or name).strip(),
                password_hash=hashed,
                role=role.value,
            )
            session.add(user)
            try:
                session.flush()
            except IntegrityError:  # taken since the check above
                raise _taken(name) from None
            if granted_by is not None and role != Role.PERSON:
                record(
                    session,
                    granted_by,
                    AuditAction.ROLE_CHANGED,
                    subject=name,
                    reason="account created",
                    detail={"from": None, "to": role.value},
                )
            return account_of(user)

        return await self._db.write(insert)

    async def set_role(self, actor: Actor, username: str, role: Role, *, reason: str) -> Account:
        """Change an account's role (admins only), recorded in the audit log."""
        actor.require_admin()
        reason = reason_text(reason)
        name = normalize_username(username)

        def change(session: Session) -> Account:
            user = session.scalar(select(User).where(User.username == name).with_for_update())
            if user is None:
                raise NotFound(f"no account named {name!r}")
            if user.role == role.value:
                raise AlreadyDecided(f"{name} is already {role.value}", field="role")
            before, user.role = user.role, role.value
            record(
                session,
                actor,
                AuditAction.ROLE_CHANGED,
                subject=name,
                reason=reason,
                detail={"from": before, "to": role.value},
            )
            return account_of(user)

        account = await self._db.write(change)
        await self._access_changed(account.id)
        return account

    async def login(self, username: str, password: str, *, address: str) -> str:
        """Check the password and return a new bearer token (shown once, never stored).

        The attempt is counted by the throttle before the password is hashed (see
        :mod:`souq.services.throttle`); a success clears the count for this address.
        """
        name = normalize_username(username)
        await self._throttle.login_attempt(name, address)
        user = await self._db.read(lambda s: s.scalar(select(User).where(User.username == name)))
        if not await verify_password(user.password_hash if user else None, password):
            raise InvalidCredentials("unknown username or wrong password")
        assert user is not None
        await self._throttle.login_succeeded(name, address)
        return await self.issue_token(user.id, label="login")

    async def confirm_password(self, me: Account, password: str, *, address: str) -> None:
        """Refuse (``InvalidCredentials``) unless ``password`` is ``me``'s; counted by the
        sign-in throttle like a login, since it is a guess all the same."""
        await self._throttle.login_attempt(me.username, address)
        stored = await self._db.read(
            lambda s: s.scalar(select(User.password_hash).where(User.id == me.id))
        )
        if not await verify_password(stored, password):
            raise InvalidCredentials("wrong password")

    async def access_changed(self, user_id: int) -> None:
        """Tell every open socket of ``user_id`` to check its token again."""
        await self._access_changed(user_id)

    async def issue_token(self, user_id: int, *, label: str) -> str:
        """Create a bearer token for ``user_id``."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)

        def insert(session: Session) -> None:
            session.add(AccessToken(token_hash=token_hash(token), user_id=user_id, label=label))

        await self._db.write(insert)
        return token

    async def token_for(self, username: str, *, label: str = "cli") -> str:
        """A new token for an existing account (for the CLI and the demo)."""
        account = await self.by_username(username)
        return await self.issue_token(account.id, label=label)

    async def logout(self, token: str) -> bool:
        """Revoke ``token``; true if it existed."""

        def revoke(session: Session) -> int | None:
            return session.scalar(
                delete(AccessToken)
                .where(AccessToken.token_hash == token_hash(token))
                .returning(AccessToken.user_id)
            )

        user_id = await self._db.write(revoke)
        if user_id is None:
            return False
        await self._access_changed(user_id)
        return True

    async def authenticate(self, token: str) -> Account | None:
        """The account a bearer token belongs to, or ``None``."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 128:
            return None
        row = await self._db.first(TOKEN_ACCOUNT, {"token_hash": token_hash(token)})
        if row is None:
            return None
        user_id, username, display_name, role, phone = row
        return Account(user_id, username, display_name, Role(role), phone)

    async def by_username(self, username: str) -> Account:
        """The account with ``username``, or ``NotFound``."""
        query = select(User).where(
            User.username == normalize_username(username), User.deleted_at.is_(None)
        )
        user = await self._db.read(lambda s: s.scalar(query))
        if user is None:
            raise NotFound(f"no account named {normalize_username(username)!r}")
        return account_of(user)

    async def by_ids(self, ids: list[int]) -> dict[int, Account]:
        """Accounts by id (missing ids are left out)."""
        query = select(User).where(User.id.in_(ids))
        return await self._db.read(lambda s: {u.id: account_of(u) for u in s.scalars(query)})

    async def set_phone(self, me: Account, phone: str | None) -> Account:
        """Set (or with ``None`` or an empty string, remove) ``me``'s phone number."""
        stored = normalize_phone(phone) if phone and phone.strip() else None

        def change(session: Session) -> Account:
            user = session.get(User, me.id, with_for_update=True)
            if user is None:
                raise NotFound("the account no longer exists")
            user.phone = stored
            return account_of(user)

        return await self._db.write(change)
