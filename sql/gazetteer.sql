-- title: Place gazetteer
-- description: Every place the archive knows: canonical name, type, the aliases it is known by
--   with the source attesting each (a document, the curated alias file, an administrator), the
--   events there, and how many figures are stated about it.
-- param: place text = ''  -- only places whose name or an alias contains this text
SELECT p.name,
       p.place_type,
       p.aliases_attested AS aliases,
       p.events,
       p.n_claims AS figures,
       p.mentions,
       p.documents
FROM v_places p
WHERE :place = ''
   OR LOWER(p.name) LIKE '%' || LOWER(:place) || '%'
   OR LOWER(COALESCE(p.aliases, '')) LIKE '%' || LOWER(:place) || '%'
ORDER BY p.mentions DESC, p.name
