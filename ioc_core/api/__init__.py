"""The wall's control API (Qt-free): tokens and roles, the audit log, the event stream, the routes and the HTTP
server. The wall runs the server on its own threads and carries every call that touches the controller over to the
GUI thread (``wall/runtime/apiport.py``)."""

API_VERSION = "1"
