"""The young people: registering them, their record and their login link."""
