"""Documents from a project: a context for templates -> HTML (-> PDF) and DOCX."""
