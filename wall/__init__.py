"""IOC Wall: the kiosk that drives a provincial IOC's video wall."""

__version__ = "0.1.0"
