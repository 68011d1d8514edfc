"""Views drawn on the wall canvas (Qt). Each kind is registered in ``wall.widgets.registry``."""
