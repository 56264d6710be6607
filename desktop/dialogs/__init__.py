"""Modal dialogs: About, restore from backup, add a source."""
