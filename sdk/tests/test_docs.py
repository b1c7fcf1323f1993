"""docs/writing-apps.md keeps up with the code: every hook documented and tested."""

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from souq_sdk import hookspecs
from souq_sdk.scaffold import APP
from souq_sdk.testing import AppHarness

DOCS = Path(__file__).parents[2] / "docs" / "writing-apps.md"
TESTS = Path(__file__).parent
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def hooks() -> dict[str, Any]:
    return {
        name: function
        for name, function in vars(hookspecs).items()
        if callable(function) and hasattr(function, f"{hookspecs.PROJECT_NAME}_spec")
    }


def signature(function: Any) -> str:
    """``name(arg: type, ...) -> type`` exactly as written in hookspecs.py."""
    annotations = inspect.get_annotations(function)
    params = ", ".join(
        f"{name}: {annotations[name]}" for name in inspect.signature(function).parameters
    )
    return f"{function.__name__}({params}) -> {annotations['return']}"


def test_there_are_hooks() -> None:
    assert set(hooks()) >= {"souq_manifest", "souq_command", "souq_action"}


@pytest.mark.parametrize("name", sorted(hooks()))
def test_every_hook_is_in_the_reference_with_its_exact_signature(name: str) -> None:
    assert f"### `{signature(hooks()[name])}`" in DOCS.read_text()


def test_the_reference_documents_only_real_hooks() -> None:
    documented = re.findall(r"^### `(souq_\w+)\(", DOCS.read_text(), re.MULTILINE)
    assert sorted(documented) == sorted(hooks())


@pytest.mark.parametrize("name", sorted(hooks()))
def test_every_hook_has_a_test_of_its_own(name: str) -> None:
    tests = {
        node.name
        for path in TESTS.glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert any(test.startswith(f"test_{name}") for test in tests), f"no test_{name}_... test"


def test_every_hook_has_a_docstring() -> None:
    for name, function in hooks().items():
        assert inspect.getdoc(function), name


def test_the_app_shown_in_the_docs_is_the_one_souq_sdk_new_writes() -> None:
    first_block = CODE_BLOCK.findall(DOCS.read_text())[0]
    generated = APP.format(slug="weather", package="souq_weather", title="Weather")
    assert first_block in generated


def code_blocks_defining_apps() -> list[str]:
    return [block for block in CODE_BLOCK.findall(DOCS.read_text()) if "app = App(" in block]


@pytest.mark.parametrize("block", code_blocks_defining_apps())
def test_the_example_apps_in_the_docs_load(block: str, install_demo: Callable[..., None]) -> None:
    install_demo("0.1.0")  # the examples that give no version take the installed one
    module = ModuleType("souq_demo.docs_example")
    exec(compile(block, str(DOCS), "exec"), module.__dict__)
    harness = AppHarness(module.app)
    assert harness.manifest.commands


def test_the_plain_module_example_in_the_docs_works() -> None:
    (block,) = [b for b in CODE_BLOCK.findall(DOCS.read_text()) if "@hookimpl" in b]
    module = ModuleType("docs_echo")
    exec(compile(block, str(DOCS), "exec"), module.__dict__)
    assert AppHarness(module).run("/echo say hi there").text == "hi there"  # type: ignore[union-attr]


def test_the_docs_python_compiles() -> None:
    for block in CODE_BLOCK.findall(DOCS.read_text()):
        compile(block, str(DOCS), "exec")


def test_the_asking_for_more_example_and_its_harness_test_pass() -> None:
    section = DOCS.read_text().split("## Asking people for more")[1].split("\n## ")[0]
    namespace: dict[str, Any] = {}
    for block in CODE_BLOCK.findall(section):
        exec(compile(block, str(DOCS), "exec"), namespace)
    namespace["test_book_asks_for_the_phone_then_books"]()
