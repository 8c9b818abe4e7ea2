"""docs/autograd.md: every example (the textbook's MISSION §5 numbers included) is a doctest."""
import doctest
import os
import warnings

import pytest

DOC = os.path.join(os.path.dirname(__file__), "..", "docs", "autograd.md")


def test_autograd_md_doctests():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = doctest.testfile(DOC, module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                               verbose=False, report=True)
    assert res.attempted >= 60
    assert res.failed == 0


def test_book_numbers_are_in_the_doc():
    text = open(DOC, encoding="utf-8").read()
    for needle in ["tensor([5.])", "tensor([9.])", "(tensor([6.], grad_fn=<MulBackward0>),)", "(tensor([2.]),)",
                   "tensor([10.])\ntensor([15.])", "tensor([5.])\ntensor([5.])\ntensor([5.])",
                   "(True, True, True)",
                   "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."]:
        assert needle in text, needle


@pytest.mark.parametrize("png", ["autograd_graph.png", "autograd_nondiff.png"])
def test_doc_pictures_exist(png):
    path = os.path.join(os.path.dirname(DOC), png)
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
