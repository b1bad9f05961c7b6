"""The selection optimiser (issue 6): the city's final list as a MILP under every rule of the spec.

``candidates`` sorts out who may be chosen at all, one ``c_*`` module per rule kind adds its
constraints to a ``model.Model``, ``solve`` solves it with HiGHS and re-checks the list with the
engine at the final stage, ``explain`` names the conflicting rules when no list exists.
"""
