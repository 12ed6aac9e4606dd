SELECT v.source, v.col, CASE typeof(kr.id) WHEN 'blob' THEN lower(substr(hex(kr.id),1,8)||'-'||substr(hex(kr.id),9,4)||'-'||substr(hex(kr.id),13,4)||'-'||substr(hex(kr.id),17,4)||'-'||substr(hex(kr.id),21)) ELSE kr.id END AS record, CASE typeof(km.id) WHEN 'blob' THEN lower(substr(hex(km.id),1,8)||'-'||substr(hex(km.id),9,4)||'-'||substr(hex(km.id),13,4)||'-'||substr(hex(km.id),17,4)||'-'||substr(hex(km.id),21)) ELSE km.id END AS missing FROM (
    SELECT 'request' AS source, 'organisation' AS col, s.key AS record, s.organisation AS missing FROM request s
    WHERE s.deleted IS NOT 1 AND s.organisation IS NOT NULL AND NOT EXISTS (SELECT 1 FROM org x WHERE x.key = s.organisation AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'developer' AS col, s.key AS record, s.developer AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.developer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM developer x WHERE x.key = s.developer AND x.deleted IS NOT 1)
    UNION ALL SELECT 'time_entry' AS source, 'request' AS col, s.key AS record, s.request AS missing FROM time_entry s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.key = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'workshop' AS source, 'request' AS col, s.key AS record, s.request AS missing FROM workshop s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.key = s.request AND x.deleted IS NOT 1)
    UNION ALL SELECT 'deliverable' AS source, 'request' AS col, s.key AS record, s.request AS missing FROM deliverable s
    WHERE s.deleted IS NOT 1 AND s.request IS NOT NULL AND NOT EXISTS (SELECT 1 FROM request x WHERE x.key = s.request AND x.deleted IS NOT 1)
) v LEFT JOIN record_key kr ON kr.key = v.record LEFT JOIN record_key km ON km.key = v.missing
;
