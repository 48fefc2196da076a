"""``python -m kg`` runs the CLI, for environments without the console script."""

from kg.cli import main

main()
