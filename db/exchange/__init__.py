"""Files in and out: JSON/CSV export and import, article files, generated data sets."""
