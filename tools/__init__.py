"""Programs that generate or prove things: catalogue searches, proofs of lower bounds."""
