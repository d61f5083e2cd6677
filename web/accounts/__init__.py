"""Who someone is: logging in and out, two-step login, password reset and first-password links."""
