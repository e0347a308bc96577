"""A run folder's vocabulary (file names, the export/ folder's files, the checkpoint file name, checkpoints/index.json and pins,
the --checkpoint selectors), read from schemas/run-layout.json, which the TypeScript runner reads
too: one owner for both languages. No other Python module spells these names."""

import json
import os
import re

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "run-layout.json")
with open(_PATH, encoding="utf-8") as _f:
    _LAYOUT = json.load(_f)

FILES = _LAYOUT["files"]
SPEC = FILES["spec"]
RECORD = FILES["record"]
EVENTS = FILES["events"]
STDOUT = FILES["stdout"]
STDERR = FILES["stderr"]
CHECKPOINTS = FILES["checkpoints"]
EVAL = FILES["eval"]
EXPORT = FILES["export"]
MANIFEST = FILES["manifest"]
ACTION_TOKENIZER = FILES["actionTokenizer"]  # policy/fast.py reads and writes it
ACTION_TOKENIZER_FORMAT = _LAYOUT["actionTokenizer"]["format"]
ROBOVLMS_CONFIG = FILES["robovlmsConfig"]
ROBOVLMS_CHECKPOINTS = os.path.join(*FILES["robovlmsCheckpoints"].split("/"))
ROBOVLMS_LOGS = os.path.join(*FILES["robovlmsLogs"].split("/"))
_EX = _LAYOUT["export"]  # the files inside EXPORT
EXPORT_ONNX = _EX["onnx"]
EXPORT_MANIFEST = _EX["manifest"]
EXPORT_REFUSED = _EX["refused"]
_CK = _LAYOUT["checkpoint"]
FINAL_MARKER = _CK["finalMarker"]
INDEX = _CK["index"]
PIN_SUFFIX = _CK["pinSuffix"]
EVAL_PIN_INFIX = _CK["evalPinInfix"]
LATEST, FINAL, BEST_PREFIX = _CK["selectors"]["latest"], _CK["selectors"]["final"], _CK["selectors"]["bestPrefix"]
HIGHER_IS_BETTER = re.compile(_CK["higherIsBetter"], re.I)
CHECKPOINT_RE = re.compile(rf"{re.escape(_CK['prefix'])}(\d{{{_CK['digits']}}}){re.escape(_CK['suffix'])}$")
CHECKPOINT_GLOB = f"{_CK['prefix']}*{_CK['suffix']}"


def checkpoint_name(step):
    return f"{_CK['prefix']}{step:0{_CK['digits']}d}{_CK['suffix']}"


def checkpoint_step(name):
    """The step of a checkpoint file name, or None when the name is not one."""
    m = CHECKPOINT_RE.match(os.path.basename(name))
    return int(m.group(1)) if m else None


_EV = _LAYOUT["evaluation"]  # inside EVAL/<name>/


def eval_results_name(index, take=1):
    """The result file of eval entry `index`: results_playtable.json for entry 0, results_playtable_<i>.json
    else; its `take`-th evaluation in the same folder (take 2, 3, ...) adds .<take> before .json."""
    base = _EV["results"] if index == 0 else f"{_EV['results']}_{index}"
    return f"{base}.json" if take == 1 else f"{base}.{take}.json"


def eval_take(out_dir, index):
    """1 for the first evaluation of entry `index` in `out_dir` (EVAL/<name>/), n for the n-th: a checkpoint
    evaluated again (more chains, another condition) files beside the earlier result, never over it."""
    take = 1
    while os.path.exists(os.path.join(out_dir, eval_results_name(index, take))):
        take += 1
    return take


def eval_videos_dir(out_dir, index, take=1):
    """Where eval entry `index` files its rollout videos inside `out_dir` (EVAL/<name>/): a folder of its own
    (per take, as eval_results_name)."""
    return os.path.join(out_dir, _EV["videos"], f"{_EV['entryPrefix']}{index}" + ("" if take == 1 else f".{take}"))


def path(run_dir, name):
    """A file of the run folder by its run-layout.json key: path(run_dir, "events")."""
    return os.path.join(run_dir, FILES[name])
