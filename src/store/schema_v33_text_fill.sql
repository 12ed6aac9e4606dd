-- Relais schema, version 33 (issue 13): each full-text index says how it is
-- filled from scratch, as each kept table's `recount_<table>` view does: a
-- view `fill_<index>` giving the rowid and the columns of every row its
-- insert trigger indexes. At the end of a bulk import (`store::bulk_text`)
-- the index is emptied and filled from its view in one statement; it used to
-- rewrite every row of `request` and `workshop` to fire their update
-- triggers (0.83 → 0.39 s at `demo --scale 100000`). A migration that changes
-- what a trigger indexes changes the view with it: the bulk-path tests
-- compare what search finds after either path. Like the other steps, it can
-- run again on a database that has it.
DROP VIEW IF EXISTS fill_request_text;
DROP VIEW IF EXISTS fill_workshop_text;
CREATE VIEW fill_request_text AS
    SELECT rowid AS rowid, need AS need, data_sources AS data_sources FROM request
    WHERE (need IS NOT NULL OR data_sources IS NOT NULL) AND deleted IS NOT 1;
CREATE VIEW fill_workshop_text AS
    SELECT rowid AS rowid, notes AS notes, outputs AS outputs FROM workshop
    WHERE (notes IS NOT NULL OR outputs IS NOT NULL) AND deleted IS NOT 1;
