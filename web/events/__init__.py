"""Learning meetings, training days and information meetings, with invitations and answers."""
