"""Errors the trainer's command line turns into one line and exit status 2 (bad input)."""


class CorruptInput(Exception):
    """An input file that cannot be read: truncated, garbage, or not what it claims to be (a
    checkpoint holding objects other than tensors and plain data). The message names the file."""
