"""Registration's views, by audience and job.

`entrant` — the entrant's pages under /register/ (profile, team, entries);
`uploads` — the upload widget's tus endpoints and the status of an entry's files (the owner);
`files` — stored files served to whoever may read the entry (owner, organizers, judges…).
"""
