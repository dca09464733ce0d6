"""govtui: government information disclosure training in the terminal."""

__version__ = "0.1.0"
