"""The `parley` command and its subcommands. No Qt at module level: a subcommand imports
Qt only when it launches the window or draws a chart."""
