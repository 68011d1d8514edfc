"""Meetings the wall serves: the agenda that drives it, where the meeting is, and what it showed."""
