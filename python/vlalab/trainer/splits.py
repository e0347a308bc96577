"""Which episodes of a LeRobot or RLDS data source are held out for validation.

The CALVIN layout keeps validation episodes in their own folder (`<dir>/validation/`, which Playtable
generation fills with an eighth as many episodes as `training/`); the trainer validates on it when it
is there. LeRobot and RLDS datasets come as one collection of episodes, sometimes with named splits:
  - the dataset's own validation split when it has one (RLDS: a `val`, `validation` or `test` split in
    dataset_info.json; LeRobot: `splits` in meta/info.json with a `val`/`validation`/`test` range), else
  - a held-out share of its episodes (`validation` of the data source, default VALIDATION_SHARE of
    schemas/data-sources.json — the same eighth), spread evenly over the episode order: positions round((j + 0.5) · n / k - 0.5), j < k,
    k = max(1, round(n · share)) when the dataset has at least two episodes; 0 holds none out.
The training part is every other episode. The choice is deterministic (no seed) and recorded in the
stage event of every run (events.schema.json: stage.datasets[].validation) and in the log.
"""

from .datasources import VALIDATION_SHARE  # noqa: F401 — schemas/data-sources.json
from .errors import DataError


class NoEpisodes(DataError):
    """A part of a LeRobot / RLDS dataset with no episode left after the tasks / few_shot filters (a
    validation part without one is no validation, not a failed run)."""


VALIDATION_SPLIT_NAMES = ("val", "validation", "test")
TRAIN_SPLIT_NAMES = ("train", "training")


def held_out(n, share):
    """Sorted positions (0 … n-1) of the held-out episodes among n."""
    share = VALIDATION_SHARE if share is None else float(share)
    if n < 2 or share <= 0:
        return []
    k = min(n - 1, max(1, round(n * share)))
    return sorted({min(n - 1, max(0, round((j + 0.5) * n / k - 0.5))) for j in range(k)})


def select(n, part, share):
    """(positions of the episodes `part` uses, how) — part: None (all), 'training' or 'validation'."""
    if part is None:
        return list(range(n)), "all episodes"
    out = set(held_out(n, share))
    if part == "validation":
        return sorted(out), f"{len(out)} of {n} episodes held out"
    return [i for i in range(n) if i not in out], f"{n - len(out)} of {n} episodes ({len(out)} held out for validation)"
