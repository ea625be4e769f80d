"""Public activity feeds (the lab's, a challenge's, a project's), read from the public events of the outbox."""
