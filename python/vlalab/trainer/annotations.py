"""CALVIN's `lang_annotations/auto_lang_ann.npy`, read without running code.

The file is a pickled dict in an object array (numpy's `allow_pickle`). Datasets travel (a run's
`_data/`, a copied CALVIN split), and a plain `np.load(allow_pickle=True)` runs whatever a crafted
pickle says, so the pickle is read by an unpickler that builds only numpy arrays, dtypes and
scalars and Python's plain containers: anything else is refused. Imports numpy only: the editor's
policy probe runs it as `python -m vlalab.trainer.annotations FILE` (prints the JSON it needs).

    python -m vlalab.trainer.annotations <auto_lang_ann.npy>   → {"language": {"ann", "task"}, "info": {"indx"}}
"""

import io
import json
import pickle
import sys

import numpy as np

# What numpy writes for an object array and the arrays, dtypes and scalars inside it (numpy 1.x
# and 2.x module names). Python's containers and strings need no global.
_ALLOWED = {(m, n) for m in ("numpy.core.multiarray", "numpy._core.multiarray") for n in ("_reconstruct", "scalar")}
_ALLOWED |= {("numpy", "ndarray"), ("numpy", "dtype")}


class AnnotationError(ValueError):
    pass


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"it refers to {module}.{name}, which an annotation file never needs")


def load(data):
    """The annotation dict of the file's bytes; AnnotationError when they are not a plain one."""
    f = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(f)
        header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, dtype = header(f)
        if not dtype.hasobject:
            raise AnnotationError("it holds a plain array, not the annotation dict")
        arr = _ArraysOnly(f).load()
    except AnnotationError:
        raise
    except Exception as e:  # noqa: BLE001 — truncated, garbage, or a refused global
        raise AnnotationError(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
    obj = arr.item() if isinstance(arr, np.ndarray) and arr.shape == () else arr
    if not isinstance(obj, dict):
        raise AnnotationError(f"it holds a {type(obj).__name__}, not the annotation dict")
    return obj


def as_json(ann):
    """The parts the editor's probe uses: instructions, tasks, frame ranges (no embeddings)."""
    lang = ann["language"]
    out = {"language": {"ann": [str(a) for a in lang["ann"]]}, "info": {"indx": [[int(s), int(e)] for s, e in ann["info"]["indx"]]}}
    if "task" in lang:
        out["language"]["task"] = [str(t) for t in lang["task"]]
    return out


if __name__ == "__main__":
    path = sys.argv[1]
    try:
        with open(path, "rb") as fh:
            print(json.dumps(as_json(load(fh.read()))))
    except (OSError, AnnotationError, KeyError, TypeError, ValueError) as e:
        print(f"{path} is not a CALVIN annotation file ({e})", file=sys.stderr)
        sys.exit(2)
