"""Demo data: a few people and conversations to try souq with. Safe to apply again."""

from __future__ import annotations

from dataclasses import dataclass

from souq.apps.registry import LoadedApp
from souq.apps.serving import Serving, ServingStatus
from souq.errors import Conflict
from souq.runtime import Services
from souq.services.accounts import Account, Role
from souq.services.audit import Actor

DEMO_PASSWORD = "souq-demo-password"
SEED = Actor.system("demo seed")
"""Who the audit log names for what the demo seed decides."""
DEVELOPER = "devi"
"""The demo developer, who owns the bundled apps."""


@dataclass(frozen=True)
class Bundled:
    """An app bundled with souq: its distribution, and what the demo banner suggests."""

    distribution: str
    try_it: str


BUNDLED = {
    "food": Bundled(
        "souq-food",
        "/food menu da-enzo, press Add on a dish or two, then /food checkout and confirm",
    ),
    "billpay": Bundled("souq-billpay", "/billpay pay EN-1001, then confirm the payment card"),
    "tickets": Bundled(
        "souq-tickets",
        "/tickets films, press a showing, press a seat or two on the map, then Pay for my "
        "seats and confirm; in a group, /tickets group <film> <time> lets everyone choose",
    ),
    "bank": Bundled(
        "souq-bank",
        "your chat with Souq Bank asks you to let it ask about unusual transfers; allow it, "
        "and /bank balance shows your account number; then, as the bank: souq apps event "
        'bank transfer --data \'{"account": "<it>", "id": "t-1", "amount": "1200.00", '
        '"payee": "Gadget Shop", "country": "DE"}\' and answer "Was this you?"',
    ),
}
"""The apps bundled with souq, by slug: the only ones the demo approves."""
STARTING_BALANCE = 100_00
"""What each demo person finds in their wallet (EUR minor units): €100.00."""


@dataclass(frozen=True)
class DemoPerson:
    """Someone the demo creates."""

    username: str
    display_name: str
    role: Role = Role.PERSON


PEOPLE = [
    DemoPerson("ana", "Ana Costa"),
    DemoPerson("bruno", "Bruno Ferri"),
    DemoPerson("carla", "Carla Diaz"),
    DemoPerson("devi", "Devi Rao", Role.DEVELOPER),
    DemoPerson("admin", "Souq Admin", Role.ADMIN),
]

DIRECT = [
    ("ana", "Hi Bruno! Dinner on Friday?"),
    ("bruno", "Sure, let's order in. Roma or Milano style?"),
    ("ana", "Roma, always."),
]

GROUP_TITLE = "Weekend trip"
GROUP = [
    ("carla", "Lisbon this weekend, who is in?"),
    ("ana", "Me! I'll book the train."),
    ("bruno", "In, if someone finds a place with good coffee."),
]


@dataclass(frozen=True)
class Seeded:
    """What the demo seed made: the people, how the installed apps it did not approve
    (not bundled with souq) stand, when they are not served (left for an admin), and
    something to try with each bundled app it approved, by slug."""

    accounts: list[Account]
    not_approved: list[Serving]
    tries: dict[str, str]


def bundled(app: LoadedApp) -> bool:
    """Whether ``app`` is one of the apps bundled with souq (its slug and distribution)."""
    found = BUNDLED.get(app.slug)
    return (
        app.code is not None and found is not None and found.distribution == app.code.distribution
    )


async def seed(services: Services) -> Seeded:
    """Create the demo people and conversations, approve the bundled apps (:data:`BUNDLED`)
    as submitted by the demo developer, and top up each person's wallet with €100 (what
    exists already is left as it is). Other installed apps are not approved: they are
    returned, for the banner to say how to review them.

    ``services`` must be started, so that the installed apps are loaded.
    """
    accounts: dict[str, Account] = {}
    for person in PEOPLE:
        try:
            accounts[person.username] = await services.accounts.register(
                person.username,
                DEMO_PASSWORD,
                display_name=person.display_name,
                role=person.role,
                granted_by=SEED,
            )
        except Conflict:
            accounts[person.username] = await services.accounts.by_username(person.username)
    tries: dict[str, str] = {}
    for app in services.apps.all():
        if bundled(app):
            await services.review.fast_track(
                accounts[DEVELOPER], SEED, app, reason="bundled with souq"
            )
            tries[app.slug] = BUNDLED[app.slug].try_it
    not_approved = [
        s
        for s in await services.gate.all()
        if not bundled(s.installed) and s.status != ServingStatus.SERVING
    ]
    for account in accounts.values():
        if not await services.money.balances(account):
            await services.payments.top_up(
                SEED, account.username, STARTING_BALANCE, "EUR", reason="demo wallet"
            )
    ana, carla = accounts["ana"], accounts["carla"]
    direct = await services.conversations.open_direct(ana, "bruno")
    for n, (who, body) in enumerate(DIRECT):
        await services.messages.send(accounts[who], direct.id, body, f"demo-direct-{n}")
    page, _ = await services.conversations.page(carla, first=100, after=None)
    group = next((c for c in page if c.title == GROUP_TITLE), None)
    if group is None:
        group = await services.conversations.create_group(carla, GROUP_TITLE, ["ana", "bruno"])
    for n, (who, body) in enumerate(GROUP):
        await services.messages.send(accounts[who], group.id, body, f"demo-group-{n}")
    if "bank" in tries:
        for person in PEOPLE:
            await _link_bank(services, accounts[person.username])
    return Seeded(list(accounts.values()), not_approved, tries)


async def _link_bank(services: Services, account: Account) -> None:
    """Open ``account``'s demo bank account: ``/bank link`` in their chat with the bank,
    which also asks them (a consent card) to let the bank ask about unusual transfers."""
    chat = await services.notices.open_chat(account.id, "bank")
    await services.invocations.send(account, chat, "/bank link", "demo-bank-link")
