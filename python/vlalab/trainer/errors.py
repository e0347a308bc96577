"""Errors the trainer's command line turns into one line and exit status 2 (bad input)."""


class CorruptInput(Exception):
    """An input file that cannot be read: truncated, garbage, or not what it claims to be (a
    checkpoint holding objects other than tensors and plain data). The message names the file."""


class DataError(ValueError):
    """A missing or malformed data directory; the message names the file. Defined here (not in
    data.py) so that readers which do not need torch (lerobot.py, the dataset viewer's dataview.py)
    can raise it without importing torch."""
