"""Are events timed to anniversaries? Two sets of events read from the records
(``answers.py``), the statistics over them (``proximity.py``, and the exact
Poisson-binomial tail in ``poisson_binomial.py``, both pure), the histogram drawn as SVG
(``chart.py``) and the API (``api.py``). The page is a reader page (pages)."""
