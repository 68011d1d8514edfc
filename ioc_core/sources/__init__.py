"""Source modules that pull indicator data (HTTP JSON, CKAN, spreadsheets, demo): fetch -> parse -> observations.

Qt-free. Empty until the indicator-data work lands.
"""
