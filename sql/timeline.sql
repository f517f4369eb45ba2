-- title: Timeline of events
-- description: Events in date order with their EDTF date (the date most sources give), type,
--   places, participants and the documents that date them; "disputed" marks events whose sources
--   give dates that do not overlap (see the conflicts report). Filters narrow by date range,
--   place and person.
-- param: date_from date = NULL  -- only events ending on or after this date (YYYY-MM-DD)
-- param: date_to date = NULL  -- only events starting on or before this date (YYYY-MM-DD)
-- param: place text = ''  -- only events at a place whose name contains this text
-- param: person text = ''  -- only events with a participant whose name contains this text
-- param: event_type text = ''  -- only this type (battle, capture, ceasefire, ...)
SELECT e.start_date,
       e.end_date,
       e.edtf,
       e.event_type,
       e.name AS event,
       e.place,
       e.participants,
       e.n_sources,
       CASE WHEN EXISTS (SELECT 1 FROM v_date_conflicts d WHERE d.event_id = e.event_id)
            THEN 'disputed' ELSE '' END AS dates,
       e.documents
FROM v_events e
WHERE (:date_from IS NULL OR e.end_date >= :date_from)
  AND (:date_to IS NULL OR e.start_date <= :date_to)
  AND (:place = '' OR LOWER(COALESCE(e.place, '')) LIKE '%' || LOWER(:place) || '%')
  AND (:person = '' OR LOWER(COALESCE(e.participants, '')) LIKE '%' || LOWER(:person) || '%')
  AND (:event_type = '' OR e.event_type = :event_type)
ORDER BY e.start_date, e.end_date, e.name
