-- query.sql, except that the containment test is only made for 字号 of three
-- or more characters: pg_trgm cannot use its index for LIKE '%xy%' with a
-- two-character pattern, so that arm turns every such query into a full scan.
-- With literals the planner folds length(...) >= 3 and drops the arm.
SELECT name, trade_name, similarity(trade_name, :tn) AS sim
FROM names
WHERE scope = :scope
  AND (trade_name = :tn
       OR trade_name % :tn
       OR pinyin = :py
       OR (length(:tn) >= 3 AND trade_name LIKE '%' || :tn || '%'))
ORDER BY sim DESC, name
LIMIT 20;
