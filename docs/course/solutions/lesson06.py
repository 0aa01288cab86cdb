"""Lesson 6 — solutions (try ../exercises/lesson06.py first)."""

FEASIBLE = """
{ achieve(G) : goal(G) }.
:- resource(R), #sum{ K,G : achieve(G), req(G,R,K) ; -K,A : coalition(A), en(A,R,K) } > 0.
#show achieve/1.
"""

SATISFYING = FEASIBLE + """
sat(A) :- coalition(A), wants(A,G), achieve(G).
:- coalition(A), not sat(A).
"""

BLOCKS = """
% guess λ = <C, G', ξ> with ξ(A,R) one of 0..en(A,R) (fine for small endowments)
{ in(A) : agent(A) }.
:- not in(_).
{ achieve(G) : goal(G) }.
1 { xi(A,R,V) : V = 0..E } 1 :- in(A), en(A,R,E).
% feasible: the coalition pays for the goals
:- resource(R), #sum{ K,G : achieve(G), req(G,R,K) ; -V,A : xi(A,R,V) } > 0.
% σ's view of each agent
sigma_sat(A) :- sigma_member(K,A), sigma_goal(K,G), wants(A,G).
sigma_cost(A,C) :- agent(A), C = #sum{ V,R : sigma_xi(A,R,V) }.
cost(A,C) :- in(A), C = #sum{ V,R : xi(A,R,V) }.
sat(A) :- in(A), wants(A,G), achieve(G).
% every member strictly prefers λ (§3.3)
:- in(A), sigma_sat(A), not sat(A).
:- in(A), sat(A), sigma_sat(A), cost(A,C), sigma_cost(A,S), C >= S.
:- in(A), not sat(A), not sigma_sat(A), cost(A,C), sigma_cost(A,S), C >= S.
#defined sigma_goal/2.
#defined sigma_xi/3.
#show in/1.
#show achieve/1.
"""
