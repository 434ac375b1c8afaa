"""Module 2, the layered approach: optimise a program layer by layer.

The framework has a data layer, an algorithm layer and a hardware layer, with
libraries beside all three. A case study (the peak moving average of many sensor
series) is made faster one step and one layer at a time; a second case (finding
duplicates) shows the algorithm layer winning by orders of magnitude; and the
checklists of questions to ask at every layer live in checklists.toml.
"""
