"""Quoted numbers: every number the markdown or the speaker notes quote should be one the notebook printed.

    python -m tools quoted [NOTEBOOK...]     # default: solutions/

After a re-execution, training results can move (another CPU picks other BLAS kernels), and the
prose that quotes them goes stale. This lists each decimal number (0.850, 89.7, 45.5%) and each
number of 1,000 or more (12,544) in a markdown or notes cell that matches no number in the code
or outputs of the same notebook, up to the rounding the text uses (0.8496 matches 0.850, 85.0%
and 85 percent). Small integers and years are skipped, and so are LaTeX and link targets.
Figures quoted from the literature show up too: read the list, do not chase it to zero.
`make execute` prints this report after each notebook; it never fails a build.
"""

import re
from pathlib import Path

from . import catalogue

QUOTED = re.compile(r"(?<![\w.$^_{])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(\s*%| percent)?(?![\w}])")
PRINTED = re.compile(r"\d[\d,]*\.?\d*(?:[eE]-?\d+)?")
LATEX_OR_LINK = re.compile(r"\$[^$]*\$|\]\([^)]*\)|`[^`]*`")


def printed_numbers(nb):
    """(value, decimals printed) of every number in the code and outputs of the code cells."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            data = output.get("data", {})
            texts.extend(data.get(kind, "") for kind in ("text/plain", "text/html", "text/markdown"))
    values = set()
    for match in PRINTED.finditer("\n".join(texts)):
        text = match.group(0).replace(",", "").rstrip(".")
        try:
            value = float(text)
        except ValueError:
            continue
        digits = text.lower().split("e")[0]
        values.add((value, len(digits.split(".")[1]) if "." in digits else 0))
    return values


def _is_printed(quoted, values):
    """True when a value printed at least as precisely as the quote can round to it."""
    plain = quoted.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    target = float(plain)
    for value, printed_decimals in values:
        for scale, shift in ((1, 0), (100, 2)):  # 0.8496 is also 84.96 percent
            precision = printed_decimals - shift
            if precision < decimals:
                continue
            slack = 0.5 * 10 ** -decimals + 0.5 * 10 ** -precision
            if abs(value * scale - target) <= slack * (1 + 1e-9):
                return True
    return False


def unmatched(nb):
    """[(cell index, quoted number, context)] for numbers in markdown that no output shows."""
    values = printed_numbers(nb)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = LATEX_OR_LINK.sub(" ", cell.source)
        for match in QUOTED.finditer(text):
            number, percent = match.group(1), match.group(2)
            plain = number.replace(",", "")
            small_integer = "." not in plain and not percent and float(plain) < 1000
            year = "." not in plain and "," not in number and 1900 <= float(plain) <= 2100
            if small_integer or year or _is_printed(number, values):
                continue
            context = text[max(0, match.start() - 50):match.end() + 15].replace("\n", " ")
            found.append((index, number + (percent or ""), context))
    return found


def report(nb, path):
    """Print the numbers the prose quotes that the notebook printed nowhere."""
    for index, number, context in unmatched(nb):
        print(f"  check the text: {path.name} cell {index} quotes {number}, printed nowhere: ...{context}...")


def main(names):
    """`python -m tools quoted [NN | path ...]`: notebook prefixes (03) or paths."""
    paths = [Path(n) for n in names if n.endswith(".ipynb")]
    prefixes = [n for n in names if not n.endswith(".ipynb")]
    if prefixes or not paths:
        paths += catalogue.solution_paths(prefixes)
    for path in paths:
        report(catalogue.read(path), path)
    return 0
