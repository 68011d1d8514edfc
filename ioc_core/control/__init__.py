"""What the wall shows and how it changes: the controller's state, its commands, the saved state, what is shared
and when the screens are on (Qt-free)."""
