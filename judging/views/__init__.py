"""Pages of judging: judges under /judge/, organizers under /organize/judging/, entrants under /results/."""
