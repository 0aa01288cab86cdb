"""Bargaining: coalitional Nash bargaining, its recursion, constrained egalitarianism (Ray & Vohra 2025)."""
