SELECT count(*) FROM request r JOIN org o ON o.key = r.organisation WHERE r.deleted IS NOT 1
