"""Thin adapters to solvers: z3 (exact LP/SMT), clingo (loads encodings/), csp (python-constraint), flow."""
