"""The data model: tables (ORM), the *Input dataclasses the forms hand over, validation,
the vocabulary (statuses, attribution kinds) and change sets."""
