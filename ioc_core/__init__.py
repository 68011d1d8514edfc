"""IOC Wall's Qt-free core: the wall's state and commands, the indicator store, sources, alerts, layouts, catalogues
and the control API. Nothing here imports Qt (checked by import-linter in CI); ``wall`` (the kiosk) and
``operator_console`` (the console) are the Qt layers built on it."""
