"""REST API of the exchange app: the public node endpoints (key set and inbox), system
administration (node, partners, agreements) and coordinators' work (referrals abroad,
match queries)."""
