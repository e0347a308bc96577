"""VLA Lab Python side: the Playtable benchmark (sim/), VLA policies (policy/) and the trainer (trainer/)."""

__version__ = "0.1.0"
