"""Instructions for the 34 tasks: training paraphrases and a held-out phrasing per task.

As CALVIN's language annotations: several training phrasings per task (the data generator draws
one per demonstration) and a separate validation set of one phrasing per task, never seen in
training, that evaluations use by default. The held-out phrasing of every task uses only words
that occur in some training phrasing, so evaluating with it tests recombining known words, not
guessing unknown ones.

Each set is a named, recorded thing (dataset metadata, every evaluation's protocol.phrasing_set):
its name plus the sha256 of its phrasings, so a reworded instruction is a different set."""
import hashlib
import json
import re

from .tasks import COLORS, TASKS

_TRAIN = {}
_HELD_OUT = {}

for c in COLORS:
    _TRAIN[f"rotate_{c}_block_right"] = [f"rotate the {c} block to the right",
                                         f"grasp the {c} block and turn it right",
                                         f"take the {c} block and rotate it clockwise"]
    _HELD_OUT[f"rotate_{c}_block_right"] = [f"grasp the {c} block and rotate it to the right"]
    _TRAIN[f"rotate_{c}_block_left"] = [f"rotate the {c} block to the left",
                                        f"grasp the {c} block and turn it left",
                                        f"take the {c} block and rotate it counterclockwise"]
    _HELD_OUT[f"rotate_{c}_block_left"] = [f"grasp the {c} block and rotate it to the left"]
    _TRAIN[f"push_{c}_block_right"] = [f"push the {c} block to the right",
                                       f"slide the {c} block right",
                                       f"go push the {c} block towards the right"]
    _HELD_OUT[f"push_{c}_block_right"] = [f"slide the {c} block towards the right"]
    _TRAIN[f"push_{c}_block_left"] = [f"push the {c} block to the left",
                                      f"slide the {c} block left",
                                      f"go push the {c} block towards the left"]
    _HELD_OUT[f"push_{c}_block_left"] = [f"slide the {c} block towards the left"]
    _TRAIN[f"lift_{c}_block_table"] = [f"lift the {c} block from the table",
                                       f"pick up the {c} block on the table",
                                       f"grasp the {c} block lying on the table and lift it"]
    _HELD_OUT[f"lift_{c}_block_table"] = [f"take the {c} block from the table and pick it up"]
    _TRAIN[f"lift_{c}_block_slider"] = [f"lift the {c} block from the sliding cabinet",
                                        f"pick up the {c} block in the cabinet",
                                        f"grasp the {c} block lying in the sliding cabinet and lift it"]
    _HELD_OUT[f"lift_{c}_block_slider"] = [f"take the {c} block from the cabinet and pick it up"]
    _TRAIN[f"lift_{c}_block_drawer"] = [f"lift the {c} block from the drawer",
                                        f"pick up the {c} block in the drawer",
                                        f"grasp the {c} block lying in the drawer and lift it"]
    _HELD_OUT[f"lift_{c}_block_drawer"] = [f"take the {c} block from the drawer and pick it up"]

_TRAIN.update({
    "move_slider_left": ["move the sliding door to the left", "push the sliding door left",
                         "slide the door of the cabinet to the left"],
    "move_slider_right": ["move the sliding door to the right", "push the sliding door right",
                          "slide the door of the cabinet to the right"],
    "open_drawer": ["open the drawer", "pull the drawer open", "go open the drawer"],
    "close_drawer": ["close the drawer", "push the drawer closed", "go close the drawer"],
    "place_in_slider": ["place the block in the sliding cabinet", "put the grasped block in the cabinet",
                        "store the block in the cabinet"],
    "place_in_drawer": ["place the block in the drawer", "put the grasped block in the drawer",
                        "store the block in the drawer"],
    "stack_block": ["stack the blocks", "place the block on top of another block",
                    "put the grasped block on the other block"],
    "unstack_block": ["unstack the blocks", "take the top block off the other block",
                      "lift the block on top of the stack"],
    "turn_on_lightbulb": ["turn on the light bulb", "push the switch to turn the light bulb on",
                          "switch on the yellow light"],
    "turn_off_lightbulb": ["turn off the light bulb", "push the switch to turn the light bulb off",
                           "switch off the yellow light"],
    "turn_on_led": ["turn on the green light", "press the button to turn the green light on",
                    "switch on the led"],
    "turn_off_led": ["turn off the green light", "press the button to turn the green light off",
                     "switch off the led"],
    "push_into_drawer": ["push the block into the drawer", "slide a block into the open drawer",
                         "go push a block from the table into the drawer"],
})
_HELD_OUT.update({
    "move_slider_left": ["push the door of the cabinet to the left"],
    "move_slider_right": ["push the door of the cabinet to the right"],
    "open_drawer": ["pull the drawer"],
    "close_drawer": ["push the drawer"],
    "place_in_slider": ["put the block in the sliding cabinet"],
    "place_in_drawer": ["store the grasped block in the drawer"],
    "stack_block": ["put the block on top of the other block"],
    "unstack_block": ["take the block off the stack"],
    "turn_on_lightbulb": ["switch on the light bulb"],
    "turn_off_lightbulb": ["switch off the light bulb"],
    "turn_on_led": ["press the button to switch on the green light"],
    "turn_off_led": ["press the button to switch off the green light"],
    "push_into_drawer": ["slide the block from the table into the drawer"],
})


def _set_id(name, table):
    text = json.dumps({t: table[t] for t in TASKS}, sort_keys=True)
    return f"{name}@{hashlib.sha256(text.encode()).hexdigest()[:8]}"


# CALVIN's names for the two annotation sets (training/ and validation/ lang_annotations)
TRAINING_PHRASING_SET = _set_id("playtable-training", _TRAIN)
HELD_OUT_PHRASING_SET = _set_id("playtable-validation", _HELD_OUT)


def phrasing_set(held_out):
    """The name of the phrasings an evaluation instructs with."""
    return HELD_OUT_PHRASING_SET if held_out else TRAINING_PHRASING_SET


def training_phrasings(task):
    return list(_TRAIN[task])


def held_out_phrasings(task):
    return list(_HELD_OUT[task])


def instruction_for(task, index=0, held_out=False):
    table = _HELD_OUT if held_out else _TRAIN
    options = table[task]
    return options[index % len(options)]


def tokenize(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def training_vocabulary():
    return sorted({w for t in TASKS for p in _TRAIN[t] for w in tokenize(p)})


_LOOKUP = None


def task_from_instruction(text):
    """The task an instruction names (exact phrasing from these tables), or None."""
    global _LOOKUP
    if _LOOKUP is None:
        _LOOKUP = {}
        for t in TASKS:
            for p in _TRAIN[t] + _HELD_OUT[t]:
                _LOOKUP[" ".join(tokenize(p))] = t
    return _LOOKUP.get(" ".join(tokenize(text)))
