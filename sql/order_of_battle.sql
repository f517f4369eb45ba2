-- title: Order of battle
-- description: Military units by side, with the commanders the sources name for them, the
--   larger formation they belong to when stated, the events they took part in, and how many
--   mentions and documents the archive has of them.
-- param: side text = ''  -- only units of this side (Azerbaijan, Armenia, ...); empty: all
SELECT COALESCE(u.side, '(not stated)') AS side,
       u.name AS unit,
       u.formation,
       u.parent_unit,
       u.commanders,
       u.events,
       u.mentions,
       u.documents
FROM v_units u
WHERE :side = '' OR LOWER(COALESCE(u.side, '')) LIKE '%' || LOWER(:side) || '%'
ORDER BY CASE WHEN u.side IS NULL THEN 1 ELSE 0 END, u.side, u.formation, u.number, u.name
