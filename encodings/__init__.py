"""declcoal's ASP encodings (shipped as package data ``declcoal._encodings``).

The ``.lp`` files in this folder are plain clingo programs; load them with
:func:`declcoal.solvers.encodings.encoding_path` so that a checkout and an installed
wheel behave the same.
"""
