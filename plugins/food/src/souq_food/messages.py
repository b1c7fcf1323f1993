"""Telling an order's owner how it is going, outside any command, only if they allowed it.

souq lets an app send a service message to someone who granted it ``messages.notify``,
and also, for a day, to anyone who just used it. Food writes only to people who said yes
(pressed "Tell me when it's on its way" and allowed it): someone who never allowed
anything gets nothing from it outside their own commands.
"""

from __future__ import annotations

from typing import Any

from souq_sdk import Notifier, Refused, Text
from souq_sdk.notices import Basis, Refusal

from souq_food.tracking import Tracked

NOTIFY = "messages.notify"

NEWS = {
    "preparing": "{restaurant} is preparing your order {order}.",
    "on_its_way": "Your order {order} from {restaurant} is on its way.",
    "delivered": "Your order {order} from {restaurant} was delivered. Enjoy your meal!",
}
"""What the owner reads at each step of :data:`souq_food.tracking.PROGRESS`."""


def news(order: Tracked, status: str) -> Text:
    """The message telling ``order``'s owner it reached ``status``."""
    return Text(NEWS[status].format(order=order.id, restaurant=order.restaurant))


def tell(notifier: Notifier, person: str, message: Text) -> dict[str, Any]:
    """Send ``message`` as a service message to ``person`` if they granted
    ``messages.notify``; say what happened: ``{"delivered": True}``, or
    ``{"delivered": False, "refused": code, "why": reason}``."""
    decision = notifier.can_notify(person)
    if isinstance(decision, Refused):
        return _refused(decision)
    if decision.basis is not Basis.GRANTED:
        return {
            "delivered": False,
            "refused": str(Refusal.NOT_OPTED_IN),
            "why": "the person has not allowed Food to message them",
        }
    sent = notifier.notify(person, message)
    return _refused(sent) if isinstance(sent, Refused) else {"delivered": True}


def _refused(refused: Refused) -> dict[str, Any]:
    return {"delivered": False, "refused": str(refused.code), "why": refused.message}
