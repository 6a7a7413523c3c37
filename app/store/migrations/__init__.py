"""alembic environment and versions, shipped inside the package (found via importlib)."""
