"""SAT -> CRG constructions and their verifier (Dunne et al. 2010, Section 4)."""
