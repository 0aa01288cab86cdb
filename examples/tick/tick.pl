% Tick (1995), appendix: the nine benchmark data sets, verbatim.
% Payoff list in binary order: element k is the worth of the coalition of the set bits of k.
%   id  players  payoffs
data( cement, 3, [30,22,59,5,45,39,77] ).
data( tweak1, 3, [30,22,59,5,53,39,77] ).
data( raiffa, 3, [0,0,118,0,84,50,121] ).    % should fail...
data( rand1, 3, [12,33,65,46,69,71,120] ).
data( rand2, 3, [18,33,39,36,45,55,97] ).
data( rand3, 4, [30,22,59,8,45,39,77,12,55,45,90,44,81,73,150] ).
data( rand4, 4, [6,8,40,8,63,47,99,10,64,47,75,80,55,84,170] ).
data( rand5, 4, [8,33,17,26,51,45,43,29,56,49,61,53,56,99,200] ).
data( tweak5, 4, [8,33,17,26,51,45,43,29,126,49,61,53,56,99,200] ).
