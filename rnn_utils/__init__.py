"""Helpers shared by the notebooks of the RNN course.

Notebooks start with `rnn_utils.setup("NN_topic")`; the modules each have one job:
env (setup), data (datasets), text (tokens and vocabularies), checks (exercise
feedback), plots, diagrams, results (metrics and run time), bars (`progress`: a tqdm
bar that moves live and leaves one final line in stored outputs).
"""

from . import bars, checks, data, diagrams, env, plots, results, text
from .bars import progress
from .env import SEED, fast_mode, in_colab, seed_everything, setup
from .results import finish, record

__version__ = "0.1.0"

__all__ = ["SEED", "bars", "checks", "data", "diagrams", "env", "fast_mode", "finish", "in_colab",
           "plots", "progress", "record", "results", "seed_everything", "setup", "text"]
