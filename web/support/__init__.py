"""Support for the volunteers: topics for learning meetings, the fund (puljen), an overview."""
