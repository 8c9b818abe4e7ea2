"""The stages of the extremum finder, shared by one and several variables.

Each module has one job: :mod:`.intervals` reads the ``on`` text, :mod:`.precision`
sets arb's working precision, :mod:`.balls` compiles expressions to ball
functions, :mod:`.roots` isolates roots, :mod:`.domain`, :mod:`.critical`,
:mod:`.classify`, :mod:`.compare` and :mod:`.limits` are the steps of the
textbook's method.
"""
