"""Title coding: free-text job titles to occupation codes of the taxonomy.

`talent.coding.coder` and `talent.coding.text` are Django-free (numpy, scipy, scikit-learn);
`talent.coding.suggest` is the cached Django wrapper that builds the coder from the database.
"""
