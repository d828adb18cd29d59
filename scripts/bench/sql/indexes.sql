SET maintenance_work_mem = '1GB';
\timing on
CREATE INDEX names_trade_name_trgm ON names USING gin (trade_name gin_trgm_ops);
CREATE INDEX names_scope_trade_name ON names (scope, trade_name);
CREATE INDEX names_scope_pinyin ON names (scope, pinyin);
VACUUM ANALYZE names;
VACUUM ANALYZE bench_queries;
