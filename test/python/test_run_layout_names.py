"""One owner for a run folder's file names (issue 15): schemas/run-layout.json names them,
python/vlalab/runlayout.py and extension/core/runner/paths.ts read it, and no other module of
the product (python/vlalab, extension/, webview/src) spells one of those names as a string literal
or joins a path with a run folder's sub-folder name written out. Tests and docs may."""

import json
import os
import re

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
LAYOUT = json.load(open(os.path.join(ROOT, "schemas", "run-layout.json"), encoding="utf-8"))
OWNERS = {os.path.join("python", "vlalab", "runlayout.py"), os.path.join("extension", "core", "runner", "paths.ts")}
SKIP_DIRS = {os.path.join("extension", "core", "generated"), "node_modules", "__pycache__"}
# Not a run folder: RoboVLMs' own checkout (eval/calvin) and a throw-away RoboVLMs config in a temp dir.
ALLOWED = {
    (os.path.join("python", "vlalab", "serving", "robovlms_server.py"), "eval"),
    (os.path.join("extension", "core", "environment", "robovlms-doctor.ts"), "checkpoints"),
    # a label in the latency report's type (where the control rate came from), not a path
    (os.path.join("extension", "core", "probe", "latency.ts"), "policy.json"),
}


def names():
    files = [v for k, v in LAYOUT["files"].items() if not k.startswith("$")]
    ck = LAYOUT["checkpoint"]
    exported = [v for k, v in LAYOUT["export"].items() if not k.startswith("$")]
    with_dot = [n for n in files if "." in n or "/" in n] + [ck["finalMarker"], ck["index"]] + exported
    # inside eval/<name>/: each entry's results file and its own videos folder
    ev = LAYOUT["evaluation"]
    with_dot += [f"{ev['results']}.json"]
    folders = [n for n in files if "." not in n and "/" not in n] + [ev["videos"]]
    return with_dot, folders


def sources():
    for top, exts in (("python/vlalab", (".py",)), ("extension", (".ts",)), ("webview/src", (".ts",))):
        for d, subdirs, files in os.walk(os.path.join(ROOT, top)):
            rel_d = os.path.relpath(d, ROOT)
            subdirs[:] = [s for s in subdirs if os.path.join(rel_d, s) not in SKIP_DIRS and s not in SKIP_DIRS]
            for f in files:
                rel = os.path.join(rel_d, f)
                if f.endswith(exts) and rel not in OWNERS:
                    yield rel


def test_no_module_outside_the_owners_spells_a_run_folder_name():
    with_dot, folders = names()
    assert {"run.json", "events.jsonl", "manifest.json", "spec.json", "final.txt", "index.json"} <= set(with_dot)
    assert {"policy.onnx", "policy.json", "onnx-refused.txt"} <= set(with_dot)
    assert {"checkpoints", "eval", "export", "videos"} <= set(folders) and "results_playtable.json" in with_dot
    literal = re.compile(r"""(['"`])(%s)\1""" % "|".join(re.escape(n) for n in with_dot))
    joined = re.compile(r"""join\([^()]*?(['"])(%s)\1""" % "|".join(re.escape(n) for n in folders))
    found = []
    for rel in sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                if line.lstrip().startswith(("#", "//", "*", "/*")):
                    continue
                for m in list(literal.finditer(line)) + list(joined.finditer(line)):
                    if (rel, m.group(2)) not in ALLOWED:
                        found.append(f"{rel}:{no}: {m.group(2)!r}: {line.strip()[:120]}")
    assert not found, "read these names from runlayout.py / RUN_FILES (schemas/run-layout.json):\n" + "\n".join(found)


def test_the_python_owner_reads_the_layout_file():
    from vlalab import runlayout

    assert runlayout.RECORD == LAYOUT["files"]["record"] and runlayout.EVENTS == LAYOUT["files"]["events"]
    assert runlayout.INDEX == LAYOUT["checkpoint"]["index"] and runlayout.HIGHER_IS_BETTER.pattern == LAYOUT["checkpoint"]["higherIsBetter"]
    assert runlayout.checkpoint_name(42) == "step-0000042.pt" and runlayout.checkpoint_step("step-0000042.pt") == 42
    assert runlayout.eval_results_name(0) == "results_playtable.json" and runlayout.eval_results_name(2) == "results_playtable_2.json"
    assert runlayout.eval_videos_dir("eval/final", 1) == os.path.join("eval/final", "videos", "entry-1")
    assert (runlayout.EXPORT_ONNX, runlayout.EXPORT_MANIFEST, runlayout.EXPORT_REFUSED) == (
        LAYOUT["export"]["onnx"],
        LAYOUT["export"]["manifest"],
        LAYOUT["export"]["refused"],
    )
