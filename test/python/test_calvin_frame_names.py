"""One owner for a CALVIN-layout split's file names (issue 15): schemas/data-sources.json
"calvinFrames" names the per-time-step file (episode_ + 7 digits + .npz) and "calvinIndex" the index
files (ep_start_end_ids.npy, lang_annotations/auto_lang_ann.npy and its .json sidecar);
trainer/datasources.py, extension/core/probe/dataset.ts and extension/core/runner/preflight.ts read
them, and no other module of the product spells them. Playtable's writer
(python/vlalab/sim/dataset_writer.py) keeps its own spelling because its files are under Playtable's
version hash; this test keeps that copy equal to the shared one."""

import ast
import json
import os
import re

from vlalab.trainer import datasources

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SOURCES = json.load(open(os.path.join(ROOT, "schemas", "data-sources.json"), encoding="utf-8"))
FACTS = SOURCES["calvinFrames"]
INDEX = {k: v for k, v in SOURCES["calvinIndex"].items() if not k.startswith("$")}
SIM_WRITER = os.path.join("python", "vlalab", "sim", "dataset_writer.py")
OWNERS = {os.path.join("python", "vlalab", "trainer", "datasources.py"), SIM_WRITER}
SKIP_DIRS = {"generated", "node_modules", "__pycache__"}


def test_the_python_owner_reads_the_shared_name():
    assert (datasources.FRAME_PREFIX, datasources.FRAME_DIGITS, datasources.FRAME_SUFFIX) == (
        FACTS["prefix"],
        FACTS["digits"],
        FACTS["suffix"],
    )
    assert datasources.frame_file(42) == "episode_0000042.npz"
    assert datasources.frame_file(1234567) == "episode_1234567.npz"


def test_playtables_writer_spells_the_same_name():
    src = open(os.path.join(ROOT, SIM_WRITER), encoding="utf-8").read()
    # f"episode_{frame:07d}.npz": each frame name the writer formats
    spelled = re.findall(r"""f(['"])(\w+)\{[^{}:]+:0(\d+)d\}([.\w]+)\1""", src)
    assert spelled, f"{SIM_WRITER} no longer formats a frame file name: update this test"
    for _, prefix, digits, suffix in spelled:
        assert (prefix, int(digits), suffix) == (FACTS["prefix"], FACTS["digits"], FACTS["suffix"]), (
            f"{SIM_WRITER} writes {prefix}{{:0{digits}d}}{suffix}; schemas/data-sources.json says {FACTS}"
        )


def test_no_other_module_spells_the_frame_name():
    p = re.escape(FACTS["prefix"])
    # a frame name built or matched in code: "episode_{…}", f"episode_{i:07d}", `episode_${…}`, /^episode_\d{7}/, "episode_"
    spelled = re.compile(rf"""{p}(\{{|\$\{{|\\d)|(['"`]){p}\2""")
    found = []
    for top, exts in (("python/vlalab", (".py",)), ("extension", (".ts",)), ("webview/src", (".ts",))):
        for d, subdirs, files in os.walk(os.path.join(ROOT, top)):
            subdirs[:] = [s for s in subdirs if s not in SKIP_DIRS]
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), ROOT)
                if not f.endswith(exts) or rel in OWNERS:
                    continue
                with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
                    for no, line in enumerate(fh, 1):
                        if line.lstrip().startswith(("#", "//", "*", "/*")):
                            continue
                        if spelled.search(line):
                            found.append(f"{rel}:{no}: {line.strip()[:120]}")
    assert not found, "name frames with trainer/datasources.py frame_file / schemas/data-sources.json calvinFrames:\n" + "\n".join(found)


# A word of an index file's name: ep_start_end_ids.npy, lang_annotations, auto_lang_ann.npy / .json
INDEX_WORD = re.compile(r"[\w.]*(?:ep_start_end_ids|lang_ann)[\w.]*")


def _code_strings(path):
    """The string literals of a Python module (f-strings' literal parts too), docstrings left out."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    return [
        (n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def _spellings(pattern, exempt, trailing_comments=False):
    """Where the product's code spells what `pattern` matches, as "file:line: text" rows: Python modules'
    string literals (docstrings left out) and TypeScript lines that are not comments (with
    `trailing_comments`, the part of a line before `//` only), under python/vlalab, extension and
    webview/src (generated code left out), files in `exempt` skipped."""
    found = []
    for top, ext in (("python/vlalab", ".py"), ("extension", ".ts"), ("webview/src", ".ts")):
        for d, subdirs, files in os.walk(os.path.join(ROOT, top)):
            subdirs[:] = [s for s in subdirs if s not in SKIP_DIRS]
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), ROOT)
                if not f.endswith(ext) or rel in exempt:
                    continue
                if ext == ".py":
                    hits = [(no, s) for no, s in _code_strings(os.path.join(ROOT, rel)) if pattern.search(s)]
                else:
                    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
                        hits = [
                            (no, line)
                            for no, line in enumerate(fh, 1)
                            if not line.lstrip().startswith(("//", "*", "/*"))
                            and pattern.search(line.split("//")[0] if trailing_comments else line)
                        ]
                found += [f"{rel}:{no}: {text.strip()[:120]}" for no, text in hits]
    return found


def test_the_python_owner_reads_the_shared_index_files():
    assert datasources.EPISODES_FILE == "ep_start_end_ids.npy" == INDEX["episodes"]
    assert datasources.ANNOTATIONS_FILE == os.path.join("lang_annotations", "auto_lang_ann.npy")
    assert datasources.ANNOTATIONS_FILE == os.path.join(*INDEX["annotations"].split("/"))
    assert datasources.ANNOTATIONS_DIR == "lang_annotations"
    from vlalab import dataview
    from vlalab.trainer import data

    assert data.REQUIRED == dataview.CALVIN_INDEX == (datasources.EPISODES_FILE, datasources.ANNOTATIONS_FILE)


def test_playtables_writer_spells_the_same_index_files():
    spelled = {w for _, s in _code_strings(os.path.join(ROOT, SIM_WRITER)) for w in INDEX_WORD.findall(s)}
    shared = {part for name in INDEX.values() for part in name.split("/")}
    assert spelled == shared, (
        f"{SIM_WRITER} names the index files with {sorted(spelled)}; schemas/data-sources.json calvinIndex says {sorted(shared)}"
    )


def test_no_other_module_spells_the_index_files():
    found = _spellings(INDEX_WORD, {SIM_WRITER})
    assert not found, (
        "name a CALVIN split's index files with trainer/datasources.py (EPISODES_FILE, ANNOTATIONS_FILE) / "
        "extension/core/probe/dataset.ts CALVIN_INDEX / schemas/data-sources.json calvinIndex:\n" + "\n".join(found)
    )


# Dataset file names schemas/data-sources.json owns besides the CALVIN index: Playtable's record of a
# split it wrote (controlRates.playtableRecord) and LeRobot's declared statistics (statisticsFiles).
RECORD = SOURCES["controlRates"]["playtableRecord"]
STATS = [v for k, v in SOURCES["statisticsFiles"]["lerobot"].items() if not k.startswith("$")]
OWNED_NAME = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n.split("/")[-1]) for n in [RECORD, *STATS]) + r")\b")


def test_playtables_record_and_lerobots_statistics_are_named_by_their_owner():
    assert datasources.PLAYTABLE_RECORD == RECORD == "playtable.json"
    assert datasources.STATS_FILES["lerobot"] == {"v3": "meta/stats.json", "v2.1": "meta/episodes_stats.jsonl"}
    # The pattern the next test looks for: each name alone or in a path, not a longer name that ends in one.
    assert [bool(OWNED_NAME.search(s)) for s in ("stats.json", "meta/stats.json", "episodes_stats.jsonl", "playtable.json")] == [True] * 4
    assert not OWNED_NAME.search("results_playtable.json") and not OWNED_NAME.search("probe_stats.json")
    # Playtable's writer (version-hashed) spells the record itself: the same name.
    spelled = {m for _, s in _code_strings(os.path.join(ROOT, SIM_WRITER)) for m in OWNED_NAME.findall(s)}
    assert spelled == {RECORD}, f"{SIM_WRITER} writes {sorted(spelled)}; schemas/data-sources.json says {RECORD}"


def test_no_other_module_spells_playtables_record_or_lerobots_statistics_files():
    found = _spellings(OWNED_NAME, OWNERS, trailing_comments=True)
    assert not found, (
        "name Playtable's record and LeRobot's statistics files with trainer/datasources.py (PLAYTABLE_RECORD, STATS_FILES) / "
        "schemas/data-sources.json:\n" + "\n".join(found)
    )


# LeRobot's metadata file (schemas/data-sources.json metadataFiles.lerobot, meta/info.json): read as
# trainer/datasources.py METADATA_FILES in Python and extension/core/spec/dataset-features.ts
# METADATA_FILES in TypeScript; no other product module's code spells it (docstrings and comments may).
INFO = SOURCES["metadataFiles"]["lerobot"]
INFO_NAME = re.compile(r"(?<![\w.])" + re.escape(INFO.split("/")[-1]) + r"\b")
TS_INFO_OWNER = "extension/core/spec/dataset-features.ts"


def test_lerobots_metadata_file_is_named_by_its_owner():
    from vlalab.trainer import lerobot

    assert datasources.METADATA_FILES["lerobot"] == lerobot.INFO_FILE == INFO == "meta/info.json"
    # The pattern the next test looks for: the name alone or in a path, not RLDS's dataset_info.json.
    assert [bool(INFO_NAME.search(s)) for s in ("info.json", "meta/info.json", '"meta", "info.json"')] == [True] * 3
    assert not INFO_NAME.search("dataset_info.json") and not INFO_NAME.search("episode_info.jsonl")
    # The TypeScript owner exports the shared name as read from schemas/data-sources.json.
    src = open(os.path.join(ROOT, TS_INFO_OWNER), encoding="utf-8").read()
    assert re.search(r"export const METADATA_FILES\b[^=]*= facts\.metadataFiles;", src), (
        f"{TS_INFO_OWNER} no longer exports METADATA_FILES read from schemas/data-sources.json metadataFiles: update this test"
    )


def test_no_module_spells_lerobots_metadata_file():
    found = _spellings(INFO_NAME, {SIM_WRITER}, trailing_comments=True)
    assert not found, (
        "name LeRobot's meta/info.json with trainer/datasources.py METADATA_FILES / lerobot.INFO_FILE (Python) or "
        "core/spec/dataset-features.ts METADATA_FILES (TypeScript):\n" + "\n".join(found)
    )
