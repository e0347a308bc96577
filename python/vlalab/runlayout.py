"""A run folder's vocabulary (file names, the checkpoint file name), read from
schemas/run-layout.json, which the TypeScript runner reads too: one owner for both languages."""
import json
import os
import re

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "run-layout.json")
with open(_PATH, encoding="utf-8") as _f:
    _LAYOUT = json.load(_f)

FILES = _LAYOUT["files"]
EVENTS = FILES["events"]
CHECKPOINTS = FILES["checkpoints"]
EVAL = FILES["eval"]
MANIFEST = FILES["manifest"]
_CK = _LAYOUT["checkpoint"]
FINAL_MARKER = _CK["finalMarker"]
CHECKPOINT_RE = re.compile(rf"{re.escape(_CK['prefix'])}(\d{{{_CK['digits']}}}){re.escape(_CK['suffix'])}$")
CHECKPOINT_GLOB = f"{_CK['prefix']}*{_CK['suffix']}"


def checkpoint_name(step):
    return f"{_CK['prefix']}{step:0{_CK['digits']}d}{_CK['suffix']}"


def checkpoint_step(name):
    """The step of a checkpoint file name, or None when the name is not one."""
    m = CHECKPOINT_RE.match(os.path.basename(name))
    return int(m.group(1)) if m else None
