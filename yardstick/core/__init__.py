"""The rating core: periods, values, targets, ratings, trends and SPC (XmR) charts.

Pure Python. Nothing in this package imports Django (a test imports it with Django
absent), reads the clock, or keeps state: every function takes what it needs and
returns a frozen value.
"""
