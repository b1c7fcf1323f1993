"""The in-memory harness behaves like the host: parsing, ids, state, buttons, streams."""

from collections.abc import AsyncIterator
from types import ModuleType

import pytest
from souq_sdk import App, Button, Card, Context, InvalidReply, Text, Update, UsageError
from souq_sdk.testing import AppHarness, HarnessError


def counter_app() -> App:
    app = App(slug="counter", name="Counter", version="1.0.0", summary="Counts")

    @app.command()
    def count(context: Context, step: int = 1) -> Card:
        """Count up.

        Args:
            step: how much to add
        """
        total = context.person_state.get("total", 0) + step
        context.person_state.set("total", total)
        return Card(
            title=str(total),
            buttons=(Button("Again", "again", {"step": step}),),
            visibility="public",
        )

    @app.command()
    def secret() -> Card:
        """A private card."""
        return Card(title="secret", buttons=(Button("Again", "again", {"step": 1}),))

    @app.command()
    def fail(context: Context) -> Text:
        """Change state, then fail."""
        context.person_state.set("total", -1)
        raise RuntimeError("boom")

    @app.command()
    def garbage() -> object:
        """Return something that is not a reply."""
        return {"type": "card", "title": "x", "buttons": [{"label": "Go", "action": "nowhere"}]}

    @app.command()
    async def slow() -> AsyncIterator[Text]:
        """Answer in steps."""
        yield Text("working on it")
        yield Text("halfway")
        yield Text("done")

    @app.command()
    async def empty() -> AsyncIterator[Text]:
        """A stream that yields nothing."""
        return
        yield

    @app.action()
    async def again(context: Context, payload: dict) -> Update:
        total = context.person_state.get("total", 0) + payload["step"]
        context.person_state.set("total", total)
        return Update(Text(f"now {total}"))

    return app


def test_a_plain_hookimpl_module_is_a_valid_app(echo_module: ModuleType) -> None:
    harness = AppHarness(echo_module)
    reply = harness.run("/echo say hello there", as_person="ana")
    assert reply == Card(
        title="hello there",
        body=f"for {harness.person_id('ana')}",
        buttons=(Button("Again", "again", {"words": "hello there"}),),
    )
    assert harness.press(reply.buttons[0], as_person="ana") == Update(Text("hello there (again)"))


def test_conversation_state_is_shared_by_its_members_only(echo_module: ModuleType) -> None:
    harness = AppHarness(echo_module)
    assert harness.run("/echo count", as_person="ana", in_conversation="c1").text == "1 calls"
    assert harness.run("/echo count", as_person="bob", in_conversation="c1").text == "2 calls"
    assert harness.run("/echo count", as_person="ana", in_conversation="c2").text == "1 calls"
    assert harness.conversation_state("c1") == {"calls": 2}


def test_person_state_is_kept_between_calls_and_presses() -> None:
    harness = AppHarness(counter_app())
    harness.run("/counter count", as_person="ana")
    reply = harness.run("/counter count 5", as_person="ana")
    assert reply.title == "6"
    assert harness.run("/counter count", as_person="bob").title == "1"
    assert harness.press(reply.buttons[0], as_person="ana") == Update(Text("now 11"))
    assert harness.press(reply.buttons[0], as_person="bob") == Update(Text("now 6"))
    assert harness.person_state("ana") == {"total": 11}


def test_state_is_not_saved_when_the_app_fails() -> None:
    harness = AppHarness(counter_app())
    harness.run("/counter count 2")
    with pytest.raises(RuntimeError, match="boom"):
        harness.run("/counter fail")
    assert harness.person_state("ana") == {"total": 2}


def test_ids_are_pseudonymous_stable_and_scoped_to_the_app(echo_module: ModuleType) -> None:
    counter, echo = AppHarness(counter_app()), AppHarness(echo_module)
    ana = counter.person_id("ana")
    assert ana == counter.person_id("ana") != counter.person_id("bob")
    assert "ana" not in ana
    assert echo.person_id("ana") != ana
    assert echo.conversation_id("main") != counter.conversation_id("main")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "/counter count lots",
            "<step> must be a whole number, not 'lots'.\nUsage: /counter count [step]",
        ),
        ("/counter count 1 2", "Unexpected extra argument '2'.\nUsage: /counter count [step]"),
        ("/counter cout", "Counter has no command 'cout'. Did you mean /counter count?"),
        ("/food menu", "This harness runs /counter, not /food."),
    ],
)
def test_usage_mistakes_raise_what_the_host_would_show(line: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        AppHarness(counter_app()).run(line)
    assert str(caught.value) == message


@pytest.mark.parametrize("line", ["/counter", "/counter help"])
def test_the_app_help_lists_its_commands(line: str) -> None:
    reply = AppHarness(counter_app()).run(line)
    assert isinstance(reply, Text)
    assert "/counter count [step]  Count up." in reply.text


def test_invalid_replies_raise_naming_the_app() -> None:
    harness = AppHarness(counter_app())
    with pytest.raises(InvalidReply, match=r"(?s)App 'counter'.*action 'nowhere' is not declared"):
        harness.run("/counter garbage")
    with pytest.raises(InvalidReply, match="the reply stream yielded nothing"):
        harness.run("/counter empty")


def test_a_stream_returns_its_final_reply_and_keeps_the_progress() -> None:
    harness = AppHarness(counter_app())
    assert harness.run("/counter slow") == Text("done")
    assert harness.last.progress == (Text("working on it"), Text("halfway"))
    assert harness.last.final == Text("done")


def test_only_people_who_can_see_a_card_can_press_it() -> None:
    harness = AppHarness(counter_app())
    public = harness.run("/counter count", as_person="ana", in_conversation="c1")
    private = harness.run("/counter secret", as_person="ana", in_conversation="c1")
    harness.press(public.buttons[0], as_person="bob")
    with pytest.raises(HarnessError, match="that card is private to ana; bob cannot see it"):
        harness.press(private.buttons[0], as_person="bob")
    with pytest.raises(HarnessError, match="that card is in c1, not c2"):
        harness.press(public.buttons[0], as_person="ana", in_conversation="c2")
    with pytest.raises(HarnessError, match="was not on a reply of this harness"):
        harness.press(Button("Again", "again", {"step": 1}))


async def test_async_tests_use_arun_and_apress() -> None:
    harness = AppHarness(counter_app())
    reply = await harness.arun("/counter count 3")
    assert await harness.apress(reply.buttons[0]) == Update(Text("now 6"))
    with pytest.raises(HarnessError, match=r"use await harness\.arun"):
        harness.run("/counter count")


def test_last_needs_a_call_first() -> None:
    with pytest.raises(HarnessError, match="nothing has run yet"):
        _ = AppHarness(counter_app()).last
