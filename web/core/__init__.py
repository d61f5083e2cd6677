"""Shared plumbing: database session, errors, security headers, i18n, menu, paging, formatting."""
