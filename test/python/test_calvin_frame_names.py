"""One owner for a CALVIN-layout split's frame file name (issue 15): schemas/data-sources.json
"calvinFrames" names it (episode_ + 7 digits + .npz), trainer/datasources.py (frame_file) and
extension/core/probe/dataset.ts read it, and no other module of the product spells it. Playtable's
writer (python/vlalab/sim/dataset_writer.py) keeps its own spelling because its files are under
Playtable's version hash; this test keeps that copy equal to the shared one."""
import json
import os
import re

from vlalab.trainer import datasources

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
FACTS = json.load(open(os.path.join(ROOT, "schemas", "data-sources.json"), encoding="utf-8"))["calvinFrames"]
SIM_WRITER = os.path.join("python", "vlalab", "sim", "dataset_writer.py")
OWNERS = {os.path.join("python", "vlalab", "trainer", "datasources.py"), SIM_WRITER}
SKIP_DIRS = {"generated", "node_modules", "__pycache__"}


def test_the_python_owner_reads_the_shared_name():
    assert (datasources.FRAME_PREFIX, datasources.FRAME_DIGITS, datasources.FRAME_SUFFIX) == (FACTS["prefix"], FACTS["digits"], FACTS["suffix"])
    assert datasources.frame_file(42) == "episode_0000042.npz"
    assert datasources.frame_file(1234567) == "episode_1234567.npz"


def test_playtables_writer_spells_the_same_name():
    src = open(os.path.join(ROOT, SIM_WRITER), encoding="utf-8").read()
    # f"episode_{frame:07d}.npz": each frame name the writer formats
    spelled = re.findall(r"""f(['"])(\w+)\{[^{}:]+:0(\d+)d\}([.\w]+)\1""", src)
    assert spelled, f"{SIM_WRITER} no longer formats a frame file name: update this test"
    for _, prefix, digits, suffix in spelled:
        assert (prefix, int(digits), suffix) == (FACTS["prefix"], FACTS["digits"], FACTS["suffix"]), \
            f"{SIM_WRITER} writes {prefix}{{:0{digits}d}}{suffix}; schemas/data-sources.json says {FACTS}"


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
