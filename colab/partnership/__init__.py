"""Institutions asking to join the lab: their messages to the admins."""
