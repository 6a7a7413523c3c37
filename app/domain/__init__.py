"""Plain-Python rules of the domain: validation, derived values, workflows.

Nothing here imports Qt or SQLAlchemy; every function is testable on its own.
"""
