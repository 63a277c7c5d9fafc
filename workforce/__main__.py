"""`python -m workforce` runs the command-line interface."""

from commands.cli import main

if __name__ == "__main__":
    main()
