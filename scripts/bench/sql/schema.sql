-- The PostgreSQL baseline of the name benchmark: the table and indexes a
-- bureau's IT would build for "similar names" with pg_trgm. Loaded by
-- scripts/bench/run; the indexes are created after the bulk load.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS names;
CREATE TABLE names (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    trade_name text NOT NULL,  -- 字号 as namescope's parser finds it (name.Parse)
    scope      text NOT NULL,  -- registration scope (city code)
    pinyin     text NOT NULL   -- toneless pinyin of the 字号, most common readings (dict.PinyinKeys[0])
);
DROP TABLE IF EXISTS bench_queries;
CREATE TABLE bench_queries (
    id         serial PRIMARY KEY,
    kind       text NOT NULL,
    name       text NOT NULL,
    trade_name text NOT NULL,
    pinyin     text NOT NULL,
    source     text NOT NULL
);
