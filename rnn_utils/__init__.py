"""Helpers shared by the notebooks of the RNN course.

Notebooks start with `rnn_utils.setup("NN_topic")`; the modules each have one job:
env (setup), data (datasets), text (tokens and vocabularies), checks (exercise
feedback), plots, diagrams, results (metrics and run time).
"""

from . import checks, data, diagrams, env, plots, results, text
from .env import SEED, fast_mode, in_colab, seed_everything, setup
from .results import finish, record

__version__ = "0.1.0"

__all__ = ["SEED", "checks", "data", "diagrams", "env", "fast_mode", "finish", "in_colab",
           "plots", "record", "results", "seed_everything", "setup", "text"]
