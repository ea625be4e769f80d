"""Email: written by the worker's consumers (never inside a request), sent through one configured transport."""
