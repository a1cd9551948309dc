"""Web views of the training app."""
