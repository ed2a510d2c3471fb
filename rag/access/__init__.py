"""Who may do what: users, API keys, roles and the collections each may use."""
