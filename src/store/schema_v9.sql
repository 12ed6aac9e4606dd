-- Relais schema (encrypted bundles; the lead renumbers migrations at merge):
-- the age recipient (`age1…`) of each trusted site, from its signed card, so
-- that bundles for it can be encrypted. Cards trusted before have none: the
-- site hands over a new card to get one.
ALTER TABLE trusted_card ADD COLUMN age_recipient TEXT;
