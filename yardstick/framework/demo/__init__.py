"""The demo council that `make run` serves: `manage.py load_demo` builds it.

Its measures and its published figures come from a real council's published report, loaded
through the importer; its people, organisation tree, earlier history, open returns, key
actions and commentary are made up for the demo and labelled as such.
"""

from yardstick.framework.demo.loader import (
    DEMO_DESCRIPTION,
    DEMO_NAME,
    DEMO_SLUG,
    DemoSummary,
    demo_organisation,
    load_demo,
)
from yardstick.framework.demo.removal import remove_demo

__all__ = [
    "DEMO_DESCRIPTION",
    "DEMO_NAME",
    "DEMO_SLUG",
    "DemoSummary",
    "demo_organisation",
    "load_demo",
    "remove_demo",
]
