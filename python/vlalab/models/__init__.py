"""VLA policies: vision-language backbones (backbones/), action heads (heads/), and the RoboVLMs
formulations that join them (policy.py). Each backbone and each head is one file that registers
itself by name (registry.py), so adding one is adding one file."""
from .policy import VLAPolicy, build_policy  # noqa: F401
