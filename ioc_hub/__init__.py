"""ioc-hub: the province's data hub (issue 22). Qt-free: it runs the sources, the store and the alert rules once, with
the wall's own code, and publishes the latest readings, alerts and sources' health to every wall through an MQTT
broker; history, the catalogue and acknowledgements over HTTP. See docs/hub.md."""
