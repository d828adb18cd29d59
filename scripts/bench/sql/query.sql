-- Similar names of a proposed 字号 (:tn, pinyin :py) in one scope: same 字号,
-- trigram-similar (pg_trgm.similarity_threshold 0.3), same pinyin, or
-- containing it; most similar first. :tn, :py and :scope are filled in by
-- loadgen (as literals) or pgbench (as parameters).
SELECT name, trade_name, similarity(trade_name, :tn) AS sim
FROM names
WHERE scope = :scope
  AND (trade_name = :tn
       OR trade_name % :tn
       OR pinyin = :py
       OR trade_name LIKE '%' || :tn || '%')
ORDER BY sim DESC, name
LIMIT 20;
