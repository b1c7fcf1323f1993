"""The business-message rule, case by case: every combination of grant, window, mute and
block for both categories, each with its exact outcome and reason."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from souq_sdk.notices import (
    Allowed,
    AppStanding,
    Basis,
    Category,
    PersonStanding,
    Refusal,
    Refused,
    Rules,
    decide,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
GRANTED = NOW - timedelta(days=3)
RULES = Rules(service_window=timedelta(hours=24), promotions_per_week=2)

SCOPE_STATES = ["granted", "revoked", "never_asked"]


def standing(
    notify: str, promote: str, window_open: bool, muted: bool, blocked: bool
) -> PersonStanding:
    # a revoked grant is simply no grant in force: the rule cannot tell it from never asked
    return PersonStanding(
        known=True,
        blocked=blocked,
        muted=muted,
        last_command_at=NOW - (timedelta(hours=2) if window_open else timedelta(hours=30)),
        notify_granted_at=GRANTED if notify == "granted" else None,
        promote_granted_at=GRANTED if promote == "granted" else None,
    )


def expected(category: Category, scope: str, window_open: bool, blocked: bool) -> Refusal | Basis:
    if blocked:
        return Refusal.BLOCKED
    if category is Category.PROMOTION:
        return Basis.GRANTED if scope == "granted" else Refusal.PROMOTIONS_OFF
    if scope == "granted":
        return Basis.GRANTED
    return Basis.RECENT_USE if window_open else Refusal.NOT_OPTED_IN


MATRIX = list(
    itertools.product(SCOPE_STATES, Category, [True, False], [False, True], [False, True])
)


@pytest.mark.parametrize(("scope", "category", "window_open", "muted", "blocked"), MATRIX)
def test_consent_matrix(
    scope: str, category: Category, window_open: bool, muted: bool, blocked: bool
) -> None:
    """scope x granted/revoked/never asked x service/promotion x window x muted x blocked."""
    notify = scope if category is Category.SERVICE else "never_asked"
    promote = scope if category is Category.PROMOTION else "never_asked"
    person = standing(notify, promote, window_open, muted, blocked)
    decision = decide(category, person, AppStanding(), RULES, NOW)
    want = expected(category, scope, window_open, blocked)
    if isinstance(want, Refusal):
        assert isinstance(decision, Refused)
        assert decision.code is want
        assert decision.retry_after is None
    else:
        assert isinstance(decision, Allowed)
        assert decision.basis is want
        assert decision.muted is muted  # mute never refuses: it only stops the unread count
        assert decision.since == (GRANTED if want is Basis.GRANTED else person.last_command_at)


def test_a_service_grant_never_implies_promotions() -> None:
    person = standing("granted", "never_asked", True, False, False)
    decision = decide(Category.PROMOTION, person, AppStanding(), RULES, NOW)
    assert isinstance(decision, Refused) and decision.code is Refusal.PROMOTIONS_OFF


def test_the_window_closes_exactly_at_its_length() -> None:
    inside = PersonStanding(
        known=True, last_command_at=NOW - timedelta(hours=24) + timedelta(seconds=1)
    )
    at_end = PersonStanding(known=True, last_command_at=NOW - timedelta(hours=24))
    assert isinstance(decide(Category.SERVICE, inside, AppStanding(), RULES, NOW), Allowed)
    refused = decide(Category.SERVICE, at_end, AppStanding(), RULES, NOW)
    assert isinstance(refused, Refused) and refused.code is Refusal.NOT_OPTED_IN
    assert "24 hours" in refused.message


def test_strangers_and_suspended_apps_come_first() -> None:
    stranger = PersonStanding(known=False)
    refused = decide(Category.SERVICE, stranger, AppStanding(), RULES, NOW)
    assert isinstance(refused, Refused) and refused.code is Refusal.UNKNOWN_PERSON
    fan = standing("granted", "granted", True, False, False)
    suspended = decide(Category.SERVICE, fan, AppStanding(suspended=True), RULES, NOW)
    assert isinstance(suspended, Refused) and suspended.code is Refusal.APP_SUSPENDED


def test_weekly_promotion_cap_with_retry_after_and_remaining() -> None:
    oldest = NOW - timedelta(days=2)
    fan = standing("never_asked", "granted", False, False, False)
    one_sent = PersonStanding(
        **{**_fields(fan), "promotions_this_week": 1, "oldest_promotion_at": oldest}
    )
    allowed = decide(Category.PROMOTION, one_sent, AppStanding(), RULES, NOW)
    assert isinstance(allowed, Allowed) and allowed.remaining == 1
    two_sent = PersonStanding(**{**_fields(one_sent), "promotions_this_week": 2})
    refused = decide(Category.PROMOTION, two_sent, AppStanding(), RULES, NOW)
    assert isinstance(refused, Refused) and refused.code is Refusal.RATE_LIMITED
    assert refused.retry_after == oldest + timedelta(days=7)
    # the cap is on promotions only: service messages still arrive
    service = decide(
        Category.SERVICE,
        PersonStanding(**{**_fields(two_sent), "last_command_at": NOW}),
        AppStanding(),
        RULES,
        NOW,
    )
    assert isinstance(service, Allowed) and service.remaining is None


def test_poor_quality_pauses_promotions_not_service() -> None:
    fan = standing("granted", "granted", True, False, False)
    paused = AppStanding(promotions_paused=True)
    refused = decide(Category.PROMOTION, fan, paused, RULES, NOW)
    assert isinstance(refused, Refused) and refused.code is Refusal.PROMOTIONS_PAUSED
    assert isinstance(decide(Category.SERVICE, fan, paused, RULES, NOW), Allowed)


def test_tier_caps_new_people_per_day_but_not_people_already_counted() -> None:
    fan = standing("granted", "never_asked", False, False, False)
    midnight = datetime(2026, 12, 1, tzinfo=UTC)
    full = AppStanding(daily_cap=3, people_today=3, day_ends_at=midnight)
    refused = decide(Category.SERVICE, fan, full, RULES, NOW)
    assert isinstance(refused, Refused) and refused.code is Refusal.TIER_LIMIT
    assert refused.retry_after == midnight
    again = AppStanding(
        daily_cap=3, people_today=3, person_counted_today=True, day_ends_at=midnight
    )
    assert isinstance(decide(Category.SERVICE, fan, again, RULES, NOW), Allowed)


def _fields(person: PersonStanding) -> dict[str, object]:
    return {name: getattr(person, name) for name in PersonStanding.__slots__}
