"""VLA Lab Python side: trainer, models and the Playtable benchmark."""
__version__ = "0.1.0"
