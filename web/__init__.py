"""The lab's web face: Starlette app factory, sessions, server-rendered pages."""
