"""People's control over apps: what each app may know of a person and may send them.

- :mod:`.pseudonyms`: the id each app sees for a person (unlinkable across apps);
- :mod:`.relations`: the people who used an app, their id for it, mute, block, forget-me;
- :mod:`.grants`: scopes people grant apps, revocable, with their history;
- the rule deciding whether a business message may be delivered is the SDK's
  (:func:`souq_sdk.notices.decide`), so the harness applies the very same one.

Nothing here knows the app host: callers pass what an app's approved manifest asks for.
"""
