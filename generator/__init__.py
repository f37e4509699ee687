"""coachcards: exercise write-ups to print-ready cue cards and handouts."""

__version__ = "0.1.0"
