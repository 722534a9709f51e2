"""Layout: Document → typeset HTML for a target (print or epub), through Jinja2 templates in `styles/`."""
