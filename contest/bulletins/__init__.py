"""Work bulletins (工作简报): after every stage, the contest's figures as a page and a PDF.

A Django app of its own inside the `contest` layer (label "bulletins"), so that its tables,
receivers and demo step come after every stage app's (INSTALLED_APPS order) while it still
imports none of them: each stage app registers its section in `registry`.
"""
