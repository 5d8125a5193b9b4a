"""Pages of the public vote: `public` for everyone (mobile first), `organize` for organizers."""
