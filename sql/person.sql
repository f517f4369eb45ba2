-- title: Person dossier
-- description: Everything the archive holds on the persons whose name contains PERSON: each
--   mention (with the title or rank the text gives), each role in an event, each unit the
--   sources say the person commanded, and each figure attributed to the person, with the
--   document and the sentence.
-- param: person text = ''  -- a name or part of one (case-insensitive), e.g. Melkonian
WITH p AS (
    SELECT person_id, name FROM v_persons
    WHERE :person <> '' AND LOWER(name) LIKE '%' || LOWER(:person) || '%'
)
SELECT p.name AS person, 'mention' AS section,
       m.surface || COALESCE(' (' || m.title || ')', '') AS detail, m.document, m.quote
FROM p JOIN v_mentions m ON m.entity_id = p.person_id
UNION ALL
SELECT p.name, 'event role', ev.name || ': ' || pa.role || COALESCE(', ' || e.edtf, ''),
       COALESCE(dv.title, s.key), sg.text
FROM p
JOIN event_participants pa ON pa.entity_id = p.person_id
JOIN entities ev ON ev.entity_id = pa.event_id
JOIN events e ON e.entity_id = pa.event_id
JOIN segments sg ON sg.segment_id = pa.segment_id
JOIN document_versions dv ON dv.version_id = sg.version_id AND dv.is_current
JOIN sources s ON s.source_id = dv.source_id
UNION ALL
SELECT p.name, 'commanded', uc.unit || COALESCE(' (' || uc.side || ')', ''), uc.document, uc.quote
FROM p JOIN v_unit_commanders uc ON uc.person_id = p.person_id
UNION ALL
SELECT p.name, 'figure attributed', c.predicate || ' ' || c.figure || COALESCE(' (' || c.subject || ')', ''),
       c.document, c.quote
FROM p JOIN v_claims c ON c.attributed_entity_id = p.person_id
ORDER BY 1, 2, 4, 3
