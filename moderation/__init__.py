"""Moderation: the review queue (next issue) and the sanitizer every rich-text write goes through."""
