-- Relais schema, version 6 (applies after version 5): merged duplicates.
-- A merge re-points references and gives the folded record a tombstone
-- naming the record it was merged into; like every derived column, no
-- constraint a merge of changes could break.

ALTER TABLE org ADD COLUMN merged_into TEXT;
ALTER TABLE developer ADD COLUMN merged_into TEXT;
