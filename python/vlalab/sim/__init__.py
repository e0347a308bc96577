"""Playtable: a CALVIN-like tabletop benchmark simulated in numpy (34 tasks, scripted experts,
batched env and renderer, CALVIN-layout data generator and long-horizon evaluation)."""
from .chains import generate_chains, load_eval_sequences
from .dataset_writer import check_layout, generate_dataset
from .evaluation import OraclePolicy, RandomPolicy, evaluate_chains, evaluate_single_tasks
from .instructions import held_out_phrasings, instruction_for, training_phrasings, training_vocabulary
from .tasks import TASKS, is_applicable, task_success
from .vec_env import EMBODIMENTS, PlaytableVecEnv

__all__ = [
    "EMBODIMENTS", "OraclePolicy", "PlaytableVecEnv", "RandomPolicy", "TASKS", "check_layout",
    "evaluate_chains", "evaluate_single_tasks", "generate_chains", "generate_dataset",
    "held_out_phrasings", "instruction_for", "is_applicable", "load_eval_sequences", "task_success",
    "training_phrasings", "training_vocabulary",
]
