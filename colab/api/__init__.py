"""The GraphQL API: one module per domain, plus context, loaders, errors and the app."""
