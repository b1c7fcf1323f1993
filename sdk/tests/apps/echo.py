"""A mini-app written as a plain module of hook implementations, without the App class."""

from typing import Any

from souq_sdk import Button, Card, Context, Text, Update, hookimpl


@hookimpl
def souq_manifest() -> dict[str, Any]:
    return {
        "slug": "echo",
        "name": "Echo",
        "version": "0.1.0",
        "summary": "Says things back",
        "commands": [
            {
                "name": "say",
                "summary": "Say something back.",
                "params": [{"name": "words", "type": "text", "help": "what to say"}],
            },
            {"name": "count", "summary": "Count calls in this conversation."},
        ],
        "actions": [{"name": "again", "summary": "Say it once more."}],
    }


@hookimpl
def souq_command(command: str, args: dict[str, Any], context: Context) -> Card | Text:
    if command == "count":
        calls = context.conversation_state.get("calls", 0) + 1
        context.conversation_state.set("calls", calls)
        return Text(f"{calls} calls", visibility="public")
    return Card(
        title=args["words"],
        body=f"for {context.person_id}",
        buttons=(Button("Again", "again", {"words": args["words"]}),),
    )


@hookimpl
async def souq_action(action: str, payload: dict[str, Any]) -> Update:
    return Update(Text(f"{payload['words']} (again)"))
