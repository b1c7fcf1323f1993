"""The plugin contract between souq and its mini-apps.

Every hook souq calls is specified here, and each docstring is that hook's reference
documentation. Hooks are always called with keyword arguments, so a hook may gain an
argument without breaking older apps.
"""

import pluggy

PROJECT_NAME = "souq"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def souq_manifest() -> dict[str, object]:  # type: ignore[empty-body]
    """Describe the app: slug, name, version, summary, commands and scopes.

    Called once when the host loads the app. Return a plain dict.
    """
