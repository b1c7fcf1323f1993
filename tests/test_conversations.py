"""Direct conversations and groups over GraphQL: who may see and change what."""

from __future__ import annotations

import asyncio

from live_server import Api

CONVERSATION = """query($id: ID!) { conversation(id: $id) {
  id kind title owner { username } members { username } unreadCount lastSeq lastReadSeq
} }"""


async def test_direct_conversation_is_one_per_pair(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    first = await api.direct(ana, "bruno")
    assert await api.direct(ana, "BRUNO") == first
    assert await api.direct(bruno, "ana") == first
    data = await api.ok(CONVERSATION, {"id": first}, bruno)
    conversation = data["conversation"]
    assert conversation["kind"] == "DIRECT" and conversation["title"] is None
    assert sorted(m["username"] for m in conversation["members"]) == ["ana", "bruno"]


async def test_concurrent_opens_of_a_direct_conversation_agree(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    ids = await asyncio.gather(*(api.direct(t, u) for t, u in [(ana, "bruno"), (bruno, "ana")] * 5))
    assert len(set(ids)) == 1


async def test_direct_conversation_needs_someone_else_who_exists(api: Api) -> None:
    ana = await api.register("ana")
    error = await api.error(
        'mutation { openDirectConversation(username: "ana") { id } }', token=ana
    )
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await api.error(
        'mutation { openDirectConversation(username: "ghost") { id } }', token=ana
    )
    assert error["extensions"]["code"] == "NOT_FOUND"
    data = await api.ok("{ conversations { nodes { id } } }", token=ana)
    assert data["conversations"]["nodes"] == []


async def test_group_owner_manages_members_anyone_can_leave(api: Api) -> None:
    ana, bruno, carla = [await api.register(n) for n in ("ana", "bruno", "carla")]
    await api.register("dora")
    group = await api.group(ana, "Trip", ["bruno"])
    data = await api.ok(CONVERSATION, {"id": group}, bruno)
    assert data["conversation"]["owner"]["username"] == "ana"
    assert data["conversation"]["kind"] == "GROUP"

    add = 'mutation($c: ID!) { addMembers(conversationId: $c, usernames: ["carla", "dora"]) { members { username } } }'
    error = await api.error(add, {"c": group}, bruno)
    assert error["extensions"]["code"] == "FORBIDDEN"
    data = await api.ok(add, {"c": group}, ana)
    assert [m["username"] for m in data["addMembers"]["members"]] == [
        "ana",
        "bruno",
        "carla",
        "dora",
    ]

    remove = 'mutation($c: ID!) { removeMember(conversationId: $c, username: "dora") { members { username } } }'
    assert (await api.error(remove, {"c": group}, carla))["extensions"]["code"] == "FORBIDDEN"
    data = await api.ok(remove, {"c": group}, ana)
    assert "dora" not in [m["username"] for m in data["removeMember"]["members"]]

    leave = "mutation($c: ID!) { leaveConversation(conversationId: $c) }"
    assert (await api.ok(leave, {"c": group}, carla))["leaveConversation"] is True
    assert (await api.error(CONVERSATION, {"id": group}, carla))["extensions"][
        "code"
    ] == "NOT_FOUND"

    # The owner leaving hands the group to the longest-standing member.
    await api.ok(leave, {"c": group}, ana)
    data = await api.ok(CONVERSATION, {"id": group}, bruno)
    assert data["conversation"]["owner"]["username"] == "bruno"


LIVE = """subscription($after: [SeenInput!]) { events(after: $after) { __typename
  ... on ConversationLeft { conversationId }
  ... on MessagePosted { message { conversationId body } } } }"""
LEAVE = "mutation($c: ID!) { leaveConversation(conversationId: $c) }"
REMOVE = """mutation($c: ID!, $u: String!) {
  removeMember(conversationId: $c, username: $u) { id } }"""


async def test_whoever_is_removed_from_a_group_or_leaves_it_hears_it_live(api: Api) -> None:
    ana, bruno, carla = [await api.register(n) for n in ("ana", "bruno", "carla")]
    group = await api.group(ana, "Trip", ["bruno", "carla"])
    direct = await api.direct(ana, "bruno")
    async with api.subscribe(bruno, LIVE, await api.from_now(bruno)) as live:
        await api.ok(REMOVE, {"c": group, "u": "bruno"}, ana)
        left = {"__typename": "ConversationLeft", "conversationId": group}
        assert (await live.next())["data"]["events"] == left
        # what the group says next is not his: the next event he gets is ana's direct message
        await api.send(ana, group, "Without bruno", "k1")
        await api.send(ana, direct, "Sorry", "k2")
        event = (await live.next())["data"]["events"]
        assert event["message"] == {"conversationId": direct, "body": "Sorry"}
    async with api.subscribe(carla, LIVE, await api.from_now(carla)) as live:
        await api.ok(LEAVE, {"c": group}, carla)  # her other windows hear it too
        left = {"__typename": "ConversationLeft", "conversationId": group}
        assert (await live.next())["data"]["events"] == left


async def test_non_members_see_nothing_and_change_nothing(api: Api) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    eve = await api.register("eve")
    group = await api.group(ana, "Secret", ["bruno"])
    await api.send(ana, group, "hello", "m1")
    for query, variables in [
        (CONVERSATION, {"id": group}),
        (
            'mutation($c: ID!) { sendMessage(conversationId: $c, body: "hi", clientMessageId: "x") { id } }',
            {"c": group},
        ),
        ("mutation($c: ID!) { markRead(conversationId: $c, seq: 1) { id } }", {"c": group}),
        (
            'mutation($c: ID!) { addMembers(conversationId: $c, usernames: ["eve"]) { id } }',
            {"c": group},
        ),
        ("mutation($c: ID!) { leaveConversation(conversationId: $c) }", {"c": group}),
        (CONVERSATION, {"id": "999999"}),
        (CONVERSATION, {"id": "not-a-number"}),
    ]:
        error = await api.error(query, variables, eve)
        assert error["extensions"]["code"] == "NOT_FOUND", (query, error)
        assert error["message"] == "conversation not found"
    data = await api.ok(CONVERSATION, {"id": group}, ana)
    assert data["conversation"]["lastSeq"] == 1
    assert [m["username"] for m in data["conversation"]["members"]] == ["ana", "bruno"]


async def test_conversations_list_newest_activity_first_with_unread_counts(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    await api.register("carla")
    direct = await api.direct(ana, "bruno")
    group = await api.group(ana, "Club", ["bruno", "carla"])
    await api.send(bruno, direct, "one", "b1")
    await api.send(bruno, direct, "two", "b2")
    await api.send(ana, group, "mine", "a1")
    query = """query($after: String) { conversations(first: 1, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id unreadCount lastMessage { body sender { username } } }
    } }"""
    page = (await api.ok(query, {"after": None}, ana))["conversations"]
    assert [n["id"] for n in page["nodes"]] == [group]
    assert page["nodes"][0]["unreadCount"] == 0  # your own message counts as read
    assert page["pageInfo"]["hasNextPage"] is True
    page = (await api.ok(query, {"after": page["pageInfo"]["endCursor"]}, ana))["conversations"]
    assert page["nodes"] == [
        {
            "id": direct,
            "unreadCount": 2,
            "lastMessage": {"body": "two", "sender": {"username": "bruno"}},
        }
    ]
    assert page["pageInfo"]["hasNextPage"] is False

    mark = "mutation($c: ID!, $s: Int!) { markRead(conversationId: $c, seq: $s) { unreadCount lastReadSeq } }"
    assert (await api.ok(mark, {"c": direct, "s": 1}, ana))["markRead"] == {
        "unreadCount": 1,
        "lastReadSeq": 1,
    }
    # The read marker never moves back, and cannot pass the last message.
    assert (await api.ok(mark, {"c": direct, "s": 0}, ana))["markRead"]["lastReadSeq"] == 1
    assert (await api.error(mark, {"c": direct, "s": 3}, ana))["extensions"][
        "code"
    ] == "BAD_USER_INPUT"
    assert (await api.ok(mark, {"c": direct, "s": 2}, ana))["markRead"]["unreadCount"] == 0


async def test_a_page_of_conversations_costs_a_fixed_number_of_queries(api: Api, services) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import Engine, event

    ana = await api.register("ana")
    names = [f"friend{i}" for i in range(6)]
    for name in names:
        await api.register(name)
    for name in names:
        conversation = await api.direct(ana, name)
        await api.send(ana, conversation, f"hi {name}", f"hi-{name}")

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    query = "{ conversations(first: %d) { nodes { id lastMessage { body sender { username } } members { username } owner { username } } } }"
    event.listen(Engine, "before_cursor_execute", count)
    try:
        await api.ok(query % 2, token=ana)
        small = len(statements)
        statements.clear()
        await api.ok(query % 6, token=ana)
        large = len(statements)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert small == large, (small, large)
