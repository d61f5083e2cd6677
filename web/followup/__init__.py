"""After the start: meeting logs and private notes, pauses and the hotline."""
