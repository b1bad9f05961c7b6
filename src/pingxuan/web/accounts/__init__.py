"""Who may do what: users' memberships of a campaign, with a role and (for unit staff) a unit."""
