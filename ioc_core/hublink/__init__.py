"""The hub's link to the walls through an MQTT broker (Qt-free): topic names, message payloads, and the client that
hubs, walls and benchmarks share. The broker is an existing product (Eclipse Mosquitto here; EMQX or bridged brokers
past one machine): nothing here is a protocol of our own beyond the JSON in each message."""
