"""The client's page: a static site built from the project's history (publish).

data.py gathers plain values from the model, compute and the history; chart.py lays out the
timeline; build.py renders the page through the sandboxed Jinja environment and copies the signed
documents. What the page shows is an allow-list: YAML comments, the .eml evidence of approvals and
git metadata are private and never read into it.
"""
