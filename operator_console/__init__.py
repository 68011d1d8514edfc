"""IOC Wall operator console (Qt app)."""
