"""TU games: Shapley and Banzhaf values, the core family, Tick's tightening, game properties (Tick 1995)."""
