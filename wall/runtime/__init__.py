"""The screen runtime (Qt): windows per monitor, the wall canvas, and following the controller's state."""
