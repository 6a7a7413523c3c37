"""Persistence: SQLAlchemy models, the engine, the change journal and the services over them."""
