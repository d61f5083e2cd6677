"""The privacy wall: who may open which record, the audit log, GDPR copies and erasure."""
