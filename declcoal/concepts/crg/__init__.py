"""Coalitional resource games: success, blocking, core (Dunne, Kraus, Manisterski & Wooldridge 2010)."""
