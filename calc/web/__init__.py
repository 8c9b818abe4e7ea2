"""``calc serve``: a local web page over the same engine as the command line.

The page asks for a function, an operation (derivative with steps, differential, extrema,
critical points) and an interval or box; it shows how calc read the input (MathML), then the
answer: the derivation citing its table rows, the candidates, the classification, the
extrema with certified enclosures and the plot (inline SVG).  ``/api/<op>`` answers with
exactly what ``calc <op> … --format json`` prints; ``/tables/`` serves the rule tables.

The package: :mod:`~calc.web.work` (one query, in a worker process), :mod:`~calc.web.pool`
(the worker processes, their budgets and the bounded queue), :mod:`~calc.web.html` (a result
as HTML with MathML), :mod:`~calc.web.pages` (the pages around it, CSS and JavaScript) and
:mod:`~calc.web.app` (the Starlette application and ``serve``).  Starlette and uvicorn are
the optional extra ``calc[web]``; nothing here imports them but ``app``.
"""
