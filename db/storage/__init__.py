"""Storage: which engine, how to connect, how a transaction begins (sqlite.py), the open
Database, file URIs, the schema version, file checks and the open-file guard, the change
watch, backups, export targets, paths, atomic writes."""
