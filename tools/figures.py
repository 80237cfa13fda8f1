"""Draw the course's RNN diagrams into img/ (what `make figures` runs).

    python tools/figures.py [outdir]     # default: img/ at the repository root

Writes unrolled_rnn.png, architectures.png and arch_<kind>.png for each kind. The PNGs
carry no timestamp or version, so running it twice gives the same bytes.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files only; must come before pyplot is imported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # so that `python tools/figures.py` finds rnn_utils

import matplotlib.pyplot as plt  # noqa: E402

from rnn_utils import diagrams  # noqa: E402

DPI = 120


def save(fig, path):
    fig.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=0.1, facecolor="white",
                metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {path}")


def main(outdir=ROOT / "img"):
    """Write every diagram into `outdir`; return the paths written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    figures = {"unrolled_rnn": diagrams.unrolled().figure,
               "architectures": diagrams.architectures()}
    figures |= {f"arch_{kind}": diagrams.architecture(kind).figure for kind in diagrams.KINDS}
    paths = []
    for name, fig in figures.items():
        paths.append(outdir / f"{name}.png")
        save(fig, paths[-1])
    return paths


if __name__ == "__main__":
    main(*sys.argv[1:2])
