"""Yardstick: open-source performance management for UK councils."""
