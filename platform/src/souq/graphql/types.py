"""The GraphQL object types, built from the services' plain values."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Generic, NewType, TypeVar

import strawberry
from souq_sdk.commands import describe_param, format_usage
from souq_sdk.manifest import CommandSpec, Manifest
from souq_sdk.money import format_amount
from souq_sdk.notices import Basis, Category

from souq.apps.notices import Reason
from souq.errors import BadInput, ErrorCode, NotFound
from souq.events.types import Author, MessageRecord
from souq.payments.requests import Status as PaymentStatus
from souq.services.accounts import Account, Role
from souq.services.conversations import ConversationView
from souq.settings import Settings

from .context import Info
from .cursors import parse_seq_cursor, seq_cursor
from .shared_events import SharedResults

DEFAULT_PAGE = 20

Node = TypeVar("Node")

ErrorCodeType = strawberry.enum(
    ErrorCode, name="ErrorCode", description="Stable codes in `errors[].extensions.code`."
)
RoleType = strawberry.enum(Role, name="Role", description="What an account may do beyond chatting.")


def parse_id(value: strawberry.ID, what: str) -> int:
    """An id from a client; anything that is not one of ours is simply not found."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound(f"{what} not found") from None
    if not 0 < number < 2**63:
        raise NotFound(f"{what} not found")
    return number


def page_size(value: int | None, settings: Settings, name: str) -> int | None:
    """Check a ``first``/``last`` argument against the page size limit."""
    if value is not None and not 0 <= value <= settings.max_page_size:
        raise BadInput(f"{name} must be between 0 and {settings.max_page_size}", field=name)
    return value


@strawberry.type(description="A person as others see them.")
class User:
    id: strawberry.ID
    username: str
    display_name: str

    @classmethod
    def of(cls, person: Account | Author) -> User:
        """The public view of an account, or of a message's author."""
        return cls(
            id=strawberry.ID(str(person.id)),
            username=person.username,
            display_name=person.display_name,
        )


@strawberry.type(description="The signed-in account.")
class Me:
    id: strawberry.ID
    username: str
    display_name: str
    role: RoleType  # type: ignore[valid-type]
    phone: str | None = strawberry.field(
        description="Your phone number (E.164), seen by apps only while you grant profile.phone."
    )

    @classmethod
    def of(cls, account: Account) -> Me:
        """The signed-in account's own view."""
        return cls(
            id=strawberry.ID(str(account.id)),
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            phone=account.phone,
        )


@strawberry.type(description="An app, as a message names it.")
class AppRef:
    slug: str
    name: str


NoticeCategoryType = strawberry.enum(
    Category, name="NoticeCategory", description="What a business message is about."
)
NoticeBasisType = strawberry.enum(
    Basis, name="NoticeBasis", description="Why a business message was allowed."
)


@strawberry.type(description="Why a business message reached you, and how to stop such messages.")
class BusinessReason:
    category: NoticeCategoryType  # type: ignore[valid-type]
    basis: NoticeBasisType  # type: ignore[valid-type]
    since: datetime = strawberry.field(
        description="When you granted the scope, or when you last used the app."
    )
    text: str = strawberry.field(description="The reason in words, to show under the message.")
    scope: str | None = strawberry.field(
        description="The grant that let it through: `revokeGrant` it to stop such messages "
        "(null when it came within the window after your last command). `muteApp`, "
        "`blockApp` and `reportMessage` work on any business message."
    )
    reported: bool = strawberry.field(description="You reported it as spam.")

    @classmethod
    def of(cls, reason: Reason) -> BusinessReason:
        """The GraphQL view of a reason."""
        return cls(
            category=reason.category,
            basis=reason.basis,
            since=reason.since,
            text=reason.text,
            scope=reason.scope,
            reported=reason.reported,
        )


@strawberry.type(description="A button on an app's card; press it with `pressButton`.")
class Button:
    id: str
    label: str


@strawberry.type
class CardField:
    label: str
    value: str


@strawberry.type(description="A card from an app.")
class Card:
    title: str
    body: str
    image_url: str | None
    fields: list[CardField]
    buttons: list[Button]


@strawberry.type(description="One row of a list from an app.")
class ListItem:
    title: str
    body: str
    image_url: str | None
    buttons: list[Button]


@strawberry.type(description="A list from an app.")
class ListContent:
    title: str
    items: list[ListItem]


Long = NewType("Long", int)
"""A whole number of up to 53 bits: amounts of money in minor units (Int has only 32)."""


def _long(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
        raise ValueError(f"{value!r} is not a whole number of up to 53 bits")
    return value


SCALARS = {
    Long: strawberry.scalar(
        name="Long",
        serialize=int,
        parse_value=_long,
        description="A whole number of up to 53 bits (amounts of money in minor units).",
    )
}
"""The schema's custom scalars (``StrawberryConfig.scalar_map``)."""


@strawberry.type(
    description="An amount of money: integer minor units (cents for EUR) and an ISO currency."
)
class Money:
    amount: Long  # type: ignore[valid-type]
    currency: str
    formatted: str = strawberry.field(description="As people read it: €12.50.")

    @classmethod
    def of(cls, amount: int, currency: str) -> Money:
        """Money in GraphQL."""
        return cls(amount=amount, currency=currency, formatted=format_amount(amount, currency))


PaymentStatusType = strawberry.enum(
    PaymentStatus, name="PaymentStatus", description="Where a payment request stands."
)


@strawberry.type(
    description=(
        "An app's request for money, as a card. Only the person it is addressed to sees it "
        "(unless the app made it public) and only they can pay it: `confirmPayment` or "
        "`declinePayment` while `status` is `PENDING`."
    )
)
class PaymentCard:
    payment_request_id: strawberry.ID
    amount: Money
    description: str
    status: PaymentStatusType = strawberry.field(  # type: ignore[valid-type]
        description="Where the request stood when the card was last updated (as `PaymentRequest.status`)."
    )
    expires_at: datetime


Content = Annotated[
    Card | ListContent | PaymentCard,
    strawberry.union("Content", description="An app's structured reply."),
]


def _buttons(data: list[dict[str, Any]], prefix: str) -> list[Button]:
    return [Button(id=f"{prefix}{n}", label=b["label"]) for n, b in enumerate(data)]


def content_of(data: dict[str, Any] | None) -> Card | ListContent | PaymentCard | None:
    """The client's view of stored content (button actions and payloads stay server-side)."""
    if not data:
        return None
    if data.get("type") == "payment":
        return PaymentCard(
            payment_request_id=strawberry.ID(str(data["payment_id"])),
            amount=Money.of(data["amount"], data["currency"]),
            description=data["description"],
            status=PaymentStatus(data["status"]),
            expires_at=datetime.fromisoformat(data["expires_at"]),
        )
    if data.get("type") == "card":
        return Card(
            title=data["title"],
            body=data.get("body", ""),
            image_url=data.get("image_url"),
            fields=[CardField(label=f["label"], value=f["value"]) for f in data.get("fields", [])],
            buttons=_buttons(data.get("buttons", []), ""),
        )
    if data.get("type") == "list":
        items = [
            ListItem(
                title=item["title"],
                body=item.get("body", ""),
                image_url=item.get("image_url"),
                buttons=_buttons(item.get("buttons", []), f"{n}."),
            )
            for n, item in enumerate(data.get("items", []))
        ]
        return ListContent(title=data.get("title", ""), items=items)
    return None


@strawberry.type(description="A message in a conversation.")
class Message:
    """Built eagerly from a record: plain fields resolve fastest, and a live event is
    resolved for each distinct subscription document (see :func:`depends_on_viewer`)."""

    id: strawberry.ID
    conversation_id: strawberry.ID
    seq: int = strawberry.field(
        description="Position in the conversation: 1, 2, 3... with no gaps."
    )
    body: str
    created_at: datetime
    sender: User | None = strawberry.field(
        description="The person who wrote it; null for an app's reply."
    )
    invoker: User | None = strawberry.field(
        description="Whose command or button press an app's reply answers."
    )
    private: bool = strawberry.field(
        description="Visible only to you (a command you typed, or a private reply)."
    )
    content: Content | None = strawberry.field(
        description="A card or list, for an app's structured reply."
    )
    deleted: bool = strawberry.field(
        description="Its sender deleted their account: the body is empty, the content gone."
    )
    revision: int = strawberry.field(
        description="How many times it changed in place (progress, updated cards)."
    )
    updated_at: datetime | None
    record: strawberry.Private[MessageRecord]

    @classmethod
    def of(cls, record: MessageRecord) -> Message:
        """The GraphQL view of a stored message."""
        return cls(
            id=strawberry.ID(str(record.id)),
            conversation_id=strawberry.ID(str(record.conversation_id)),
            seq=record.seq,
            body=record.body,
            created_at=record.created_at,
            sender=User.of(record.sender) if record.sender else None,
            invoker=User.of(record.invoker) if record.invoker else None,
            private=record.visible_to is not None,
            deleted=record.deleted,
            content=content_of(record.content),
            revision=record.revision,
            updated_at=record.updated_at,
            record=record,
        )

    @strawberry.field(description="The app that wrote it (`souq` for the host's own notes).")
    def app(self, info: Info) -> AppRef | None:
        slug = self.record.app_slug
        if slug is None:
            return None
        loaded = info.context.services.apps.get(slug)
        return AppRef(slug=slug, name=loaded.name if loaded else slug)

    @strawberry.field(
        description="For a business message (an app writing to you outside a command), why "
        "souq let it through; null on every other message and for everyone else."
    )
    async def why(self, info: Info) -> BusinessReason | None:
        if self.record.app_slug is None or info.context.known_viewer is None:
            return None
        reason = await info.context.loaders.why.load(self.record.id)
        return BusinessReason.of(reason) if reason is not None else None

    @strawberry.field(description="The sender's own client id; null for everyone else.")
    def client_message_id(self, info: Info) -> str | None:
        viewer = info.context.known_viewer
        sender = self.record.sender
        mine = viewer is not None and sender is not None and viewer.id == sender.id
        return self.record.client_message_id if mine else None


def depends_on_viewer(record: MessageRecord, viewer_id: int | None) -> bool:
    """Whether a message's view can differ between the people who see it.

    A private message is one person's; an app's message has its ``why`` (the recipient's
    alone); the sender sees their ``clientMessageId``. Every other message resolves the
    same for every member, so a live event of it can be resolved once for all of them
    (:mod:`.shared_events`). A field of :class:`Message` that reads the viewer belongs here.
    """
    sender = record.sender
    return (
        viewer_id is None
        or record.visible_to is not None
        or record.app_slug is not None
        or (sender is not None and sender.id == viewer_id)
    )


def shared_results(
    event: MessagePosted | MessageUpdated, viewer_id: int | None
) -> SharedResults | None:
    """The results of a live event that ``viewer_id`` shares with everyone it looks the
    same to, or ``None`` when its view depends on who sees it (:func:`depends_on_viewer`):
    the one gate of every shared result and frame (:mod:`.shared_events`)."""
    if event.shared is None or depends_on_viewer(event.message.record, viewer_id):
        return None
    return event.shared


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[Node]):
    cursor: str
    node: Node


@strawberry.type(description="A page of a list, with Relay cursors.")
class Connection(Generic[Node]):
    edges: list[Edge[Node]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[Node]:
        return [edge.node for edge in self.edges]


def connection(edges: list[Edge[Node]], *, has_previous: bool, has_next: bool) -> Connection[Node]:
    """A page of ``edges`` with its page info."""
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


@strawberry.enum
class ConversationKind(Enum):
    DIRECT = "direct"
    GROUP = "group"
    APP = "app"


@strawberry.type(description="A conversation the signed-in person belongs to.")
class Conversation:
    view: strawberry.Private[ConversationView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.view.id))

    @strawberry.field
    def kind(self) -> ConversationKind:
        return ConversationKind(self.view.kind)

    @strawberry.field(
        description="The group's title, or the app's name in your chat with an app; "
        "null for direct conversations."
    )
    def title(self) -> str | None:
        return self.view.title

    @strawberry.field(
        description="In your chat with an app (kind APP): the app. There you can type its "
        "commands without the /slug prefix."
    )
    def app(self) -> str | None:
        return self.view.app_slug

    @strawberry.field(description="The seq of the newest message (0 when empty).")
    def last_seq(self) -> int:
        return self.view.last_seq

    @strawberry.field(description="How far the signed-in person has read.")
    def last_read_seq(self) -> int:
        return self.view.last_read_seq

    @strawberry.field(description="Messages after your read marker that others sent.")
    async def unread_count(self, info: Info) -> int:
        return await info.context.loaders.unread_count.load(self.view.id)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.view.created_at

    @strawberry.field
    def last_activity_at(self) -> datetime:
        return self.view.last_activity_at

    @strawberry.field
    async def owner(self, info: Info) -> User | None:
        if self.view.owner_id is None:
            return None
        account = await info.context.loaders.account.load(self.view.owner_id)
        return User.of(account) if account else None

    @strawberry.field
    async def members(self, info: Info) -> list[User]:
        ids = await info.context.loaders.member_ids.load(self.view.id)
        accounts = await info.context.loaders.account.load_many(ids)
        return [User.of(a) for a in accounts if a is not None]

    @strawberry.field
    async def last_message(self, info: Info) -> Message | None:
        if self.view.last_seq == 0:
            return None
        record = await info.context.loaders.last_message.load(self.view.id)
        return Message.of(record) if record else None

    @strawberry.field(description="Messages by seq. Without arguments: the newest 20.")
    async def messages(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Message]:
        ctx = info.context
        me = await ctx.require_viewer()
        settings = ctx.services.settings
        if first is not None and last is not None:
            raise BadInput("pass either first or last, not both", field="first")
        first, last = page_size(first, settings, "first"), page_size(last, settings, "last")
        if first is None and last is None:
            last = DEFAULT_PAGE
        records, has_previous, has_next = await ctx.services.messages.page(
            me,
            self.view.id,
            first=first,
            after=parse_seq_cursor(after) if after else None,
            last=last,
            before=parse_seq_cursor(before) if before else None,
        )
        edges = [Edge(cursor=seq_cursor(r.seq), node=Message.of(r)) for r in records]
        return connection(edges, has_previous=has_previous, has_next=has_next)


@strawberry.type(
    description="Signed in: keep the token secret and send it as `Authorization: Bearer <token>`."
)
class AuthPayload:
    token: str
    me: Me


@strawberry.type(description="A new message in one of your conversations.")
class MessagePosted:
    message: Message
    shared: strawberry.Private[SharedResults | None] = None  # a live event's results


@strawberry.type(
    description="A message changed in place (an app's progress reply, or a card a button replaced)."
)
class MessageUpdated:
    message: Message
    shared: strawberry.Private[SharedResults | None] = None  # a live event's results


@strawberry.type(
    description=(
        "You are no longer in a conversation: you left it, or its owner removed you. "
        "Stop showing it."
    )
)
class ConversationLeft:
    conversation_id: strawberry.ID


Event = Annotated[
    MessagePosted | MessageUpdated | ConversationLeft,
    strawberry.union("Event", description="Something that happened live."),
]


@strawberry.input(description="The last seq a client has of one conversation.")
class SeenInput:
    conversation_id: strawberry.ID
    seq: int


@strawberry.type(
    description="Every limit clients must respect, read from the settings the server enforces."
)
class Limits:
    max_message_length: int
    max_request_bytes: int
    max_query_depth: int
    max_aliases: int
    max_tokens: int
    max_selections: int
    max_field_pairs: int
    max_page_size: int
    max_group_members: int
    login_attempts_per_username_and_address: str
    login_attempts_per_username: str
    login_attempts_per_address: str
    registrations_per_address: str
    connection_init_timeout_seconds: float
    max_sockets_per_person: int
    ws_operation_rate: str
    max_replay_conversations: int
    live_buffer_events: int
    app_timeout_seconds: float
    app_stream_seconds: float

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The limits in force."""
        return cls(**{name: getattr(settings, name) for name in cls.__annotations__})


@strawberry.type(description="A typed parameter of an app's command, in the order typed.")
class CommandParam:
    name: str
    type: str = strawberry.field(
        description="str, int, decimal, bool, date, choice, text (the rest of the line) or amount."
    )
    required: bool = strawberry.field(description="False: the parameter is optional.")
    help: str = strawberry.field(description="What the app says the parameter is for.")
    accepts: str = strawberry.field(
        description="What may be typed, as people read it: a whole number from 1 to 10."
    )
    choices: list[str] | None
    min: str | None
    max: str | None
    currency: str | None = strawberry.field(description="The currency of an amount.")


@strawberry.type(description="A command an app offers, with its usage and help.")
class Command:
    name: str
    summary: str
    description: str = strawberry.field(description="More about the command; may be empty.")
    usage: str
    params: list[CommandParam]


def command_of(slug: str, spec: CommandSpec) -> Command:
    """The client's view of a command."""
    return Command(
        name=spec.name,
        summary=spec.summary,
        description=spec.description,
        usage=format_usage(slug, spec),
        params=[
            CommandParam(
                name=p.name,
                type=str(p.type),
                required=p.required,
                help=p.help,
                accepts=describe_param(p),
                choices=list(p.choices) if p.choices else None,
                min=None if p.min is None else str(p.min),
                max=None if p.max is None else str(p.max),
                currency=p.currency or None,
            )
            for p in spec.params
        ],
    )


@strawberry.type(description="A mini-app you can use in conversations.")
class App:
    slug: str
    name: str
    version: str
    summary: str
    commands: list[Command]

    @classmethod
    def of(cls, manifest: Manifest) -> App:
        """The client's view of an app."""
        return cls(
            slug=manifest.slug,
            name=manifest.name,
            version=manifest.version,
            summary=manifest.summary,
            commands=[command_of(manifest.slug, c) for c in manifest.commands],
        )


@strawberry.type(description="A command matching what someone is typing.")
class CommandSuggestion:
    app: AppRef
    command: Command
