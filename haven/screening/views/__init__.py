"""Web views of the screening app."""
