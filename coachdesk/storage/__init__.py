"""The SQLite file: typed SQLAlchemy rows, Alembic migrations, backups and the services over them."""
