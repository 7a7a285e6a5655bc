"""What marks a DOCX as a user's Word template rather than a letterhead (render/userdocx.py), in a
module of its own so that a glance at a template (render/office.py) loads nothing else."""

import re

LETTERHEAD_BODY = re.compile(r"\{\{\s*p\s+body\s*\}\}")
JINJA_TAG = re.compile(r"\{\{|\{%")
