"""PySide6 widgets, Qt models and dialogs. The only package that imports QtWidgets."""
