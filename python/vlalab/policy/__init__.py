"""VLA policies: vision-language backbones (backbones/), action heads (heads/), and the RoboVLMs
formulations that join them (vla.py). Each backbone and head is one file, found by name through
a registry, so adding one is one file."""

from .vla import VLAPolicy, build_policy  # noqa: F401
