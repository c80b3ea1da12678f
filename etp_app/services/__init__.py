"""Use cases. They take ids and plain values, own the transaction and commit once."""
