"""Record forms (position, party, issue, event) and the widgets and models they are built of."""
