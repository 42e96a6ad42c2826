"""The SQLite file: typed rows, Alembic migrations, backups and the stores over them."""
