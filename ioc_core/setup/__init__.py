"""The technician's set-up of one wall: its configuration file, the wall geometry, which monitor shows which screen
and which web addresses it may show (Qt-free)."""
