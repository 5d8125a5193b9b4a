"""Views of the contest app, by audience: `public` (everyone) and `organize` (the organizers' home)."""
