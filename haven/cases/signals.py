"""Signals other apps listen to (downstream apps erase their own copies)."""

from django.dispatch import Signal

# Sent inside the erasing transaction with ``person``, ``cases`` (ids), ``actor`` (None when
# the retention rule erased) and ``reason``; receivers blank their free text about these cases
# and tell partners who hold shared data.
person_erased = Signal()
