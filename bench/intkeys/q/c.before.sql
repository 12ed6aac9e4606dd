    SELECT 'request' AS source, 'organisation' AS col, s.id AS record, s.organisation AS missing FROM request s
    WHERE s.deleted IS NOT 1 AND s.organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org x WHERE x.id = s.organisation AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'developer' AS col, s.id AS record, s.developer AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.developer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.id = s.developer AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'workshop' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM workshop s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'deliverable' AS source, 'request' AS col, s.id AS record, s.request AS missing FROM deliverable s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.id = s.request AND x.deleted IS NOT 1)
