"""schemas/builtin-models.json is the one list of built-in backbones, size presets and head types:
the Python registry builds exactly those, at the catalogue's sizes."""

from vlalab.catalog import BUILTIN_BACKBONES, CATALOG, HEAD_TYPES, SIZES
from vlalab.policy import registry
from vlalab.policy.backbones import SIZES as BACKBONE_SIZES
from vlalab.policy.tokenizer import WordTokenizer
from vlalab.sim.instructions import training_phrasings
from vlalab.sim.tasks import TASKS
from vlalab.trainer.spec import SpecError, check_builtin, with_defaults


def test_the_registry_builds_exactly_the_catalogues_backbones_and_heads():
    registry._load_all()
    assert sorted(k for k in registry.BACKBONES if k != "hf") == sorted(BUILTIN_BACKBONES)
    assert sorted(registry.HEADS) == sorted(HEAD_TYPES)
    assert BACKBONE_SIZES["nano"] == (
        SIZES["nano"]["width"],
        SIZES["nano"]["vision_layers"],
        SIZES["nano"]["language_layers"],
        SIZES["nano"]["heads"],
    )


def test_the_catalogues_word_vocabulary_is_playtables():
    words = WordTokenizer.build([p for t in TASKS for p in training_phrasings(t)]).vocab_size
    assert CATALOG["word_vocabulary"]["playtable_all_tasks"] == words


def test_the_trainer_names_the_catalogues_backbones_when_refusing_one():
    spec = with_defaults(
        {"name": "x", "backbone": {"id": "kosmos-2"}, "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]}}
    )
    try:
        check_builtin(spec)
    except SpecError as e:
        assert "tiny-prefix, tiny-xattn" in str(e)
    else:
        raise AssertionError("kosmos-2 must need the RoboVLMs backend")
