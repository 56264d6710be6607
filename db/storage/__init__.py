"""Storage: which engine, how to connect, how a transaction begins (sqlite.py),
the open Database, schema migrations, file checks, backups, atomic writes."""
