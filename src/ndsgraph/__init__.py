"""ndsgraph: the NDS architecture and portfolio compass as linked data."""

__version__ = "0.1.0"
