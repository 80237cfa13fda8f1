"""tools/quoted_numbers.py: numbers quoted in the prose against the numbers the notebook printed."""

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.quoted_numbers import unmatched


def notebook(printed, *texts):
    code = new_code_cell("print(accuracy)", outputs=[new_output("stream", name="stdout", text=printed)])
    return new_notebook(cells=[code, *(new_markdown_cell(t) for t in texts)])


def test_rounded_and_percent_forms_of_a_printed_number_match():
    nb = notebook("test accuracy 0.8496, 12,544 sentences\n",
                  "It reaches 0.850, that is 85.0% or 85 percent, on 12,544 sentences.")
    assert unmatched(nb) == []


def test_a_stale_number_is_reported_with_its_cell():
    nb = notebook("test accuracy 0.8464\n", "Intro.", "It reaches 0.850 on the test set.")
    [(index, number, context)] = unmatched(nb)
    assert (index, number) == (2, "0.850") and "reaches 0.850" in context


def test_small_integers_years_latex_and_links_are_skipped():
    nb = notebook("nothing\n", "Three cells, 10 epochs (Hochreiter, 1997), $\\sigma(0.5)$, "
                  "[paper](https://example.org/v1.2), `lr = 0.005`.")
    assert unmatched(nb) == []


def test_a_less_precise_printed_number_does_not_vouch_for_a_quote():
    nb = notebook("ratio 1, loss 2.485\n", "The gate averages 0.92; the bigram is at 2.49 nats.")
    assert [number for _, number, _ in unmatched(nb)] == ["0.92"]
