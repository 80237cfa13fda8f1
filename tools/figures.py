"""Draw the course's RNN diagrams into img/ (what `make figures` runs).

    python -m tools figures [outdir]     # `make figures`; default: img/ at the repository root

Writes unrolled_rnn.png and architectures.png, the two diagrams the README shows (the
notebooks draw theirs with rnn_utils.diagrams in their own cells). The PNGs
carry no timestamp or version, so running it twice gives the same bytes.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files only; must come before pyplot is imported

import matplotlib.pyplot as plt  # noqa: E402

from rnn_utils import diagrams  # noqa: E402

from . import catalogue  # noqa: E402

DPI = 120


def save(fig, path):
    fig.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=0.1, facecolor="white",
                metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {path}")


def main(outdir=catalogue.ROOT / "img"):
    """Write every diagram into `outdir`; return the paths written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    figures = {"unrolled_rnn": diagrams.unrolled().figure,
               "architectures": diagrams.architectures()}
    paths = []
    for name, fig in figures.items():
        paths.append(outdir / f"{name}.png")
        save(fig, paths[-1])
    return paths

