"""Each role's home page, the coordinator's overview, reports, and the admin's municipalities."""
