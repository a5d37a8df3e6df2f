"""The demo council that `make run` serves: `manage.py load_demo` builds it (`loader.py`).

Its measures and its published figures come from a real council's published report, loaded
through the importer; its people, organisation tree, earlier history, open returns, key
actions and commentary are made up for the demo and labelled as such.
"""
