"""The flows: what a command does, combining the store, the deal state and the renderer
(sign and verify, change, billing, letters, the client's page, redline, approval,
the studio's server). Only the CLI imports them."""
