-- Relais schema, version 3: indexes for the figures of the dashboard and the
-- reports (a year's requests, workshops, hours and deliverables, and the
-- review of references), so that they read index ranges, not whole tables.

CREATE INDEX request_by_received ON request (received_on, deleted, status, departement, organisation);
CREATE INDEX request_by_delivered ON request (delivered_on, deleted, status, departement, received_on);
DROP INDEX workshop_by_date;
CREATE INDEX workshop_by_date ON workshop (date, deleted, request, participants, duration);
CREATE INDEX time_by_date ON time_entry (date, deleted, developer, hours);
CREATE INDEX deliverable_by_published ON deliverable (published_on, deleted, request, kind, licence);
