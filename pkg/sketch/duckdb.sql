-- neardup's grouping over sketch files, in DuckDB SQL: the data flow of the
-- large deduplication pipelines (per document, emit band, key, id; group
-- by band and key; link each bucket; connected components), run on the
-- files `neardup sketch` writes. It finds the pairs and groups that
-- `neardup group --containment 0` finds (Jaccard edges; containment needs
-- anchors and is left to neardup). duckdb_test.go runs it on the BBC
-- folder and checks that.
--
-- Before running it, set two variables:
--   SET VARIABLE sketches = ['part-0.parquet', 'part-1.parquet'];  -- or a glob: 'parts/*.parquet'
--   SET VARIABLE threshold = 0.5;  -- the sketches' threshold (metadata neardup.settings)
-- It leaves the tables pairs (a, b, kind, similarity: what `neardup group
-- -f pairs --containment 0` prints) and groups (path, grp: each grouped
-- document and its group's first path). A document's id is its path:
-- paths are unique across shards (neardup group refuses a path twice),
-- and their byte order is neardup's document order, so "the first
-- member" means the same here as in neardup.

-- 1. Documents.
CREATE OR REPLACE TEMP TABLE docs AS
SELECT path AS id, content, signature, band_keys
FROM read_parquet(getvariable('sketches'));

-- 2. Identical texts (equal content hash, 0 meaning unknown) collapse to
-- their first document, the representative; only representatives band.
CREATE OR REPLACE TEMP TABLE reps AS
SELECT id, CASE WHEN content = 0 THEN id ELSE min(id) OVER (PARTITION BY content) END AS rep
FROM docs;

-- 3. One row per representative and band: (id, band, key). (DuckDB
-- unnests two lists of one row side by side; Spark: posexplode.)
CREATE OR REPLACE TEMP TABLE bands AS
SELECT d.id, unnest(range(len(d.band_keys))) AS band, unnest(d.band_keys) AS key
FROM docs d JOIN reps r ON r.id = d.id AND r.rep = d.id;

-- 4. Buckets: documents sharing a band's key, numbered in document order.
CREATE OR REPLACE TEMP TABLE buckets AS
SELECT band, key, id,
       row_number() OVER (PARTITION BY band, key ORDER BY id) AS pos,
       count(*) OVER (PARTITION BY band, key) AS size
FROM bands;

-- 5. Candidate pairs, as package lsh makes them: every pair of a bucket of
-- up to 32 (at most 496 pairs a bucket), and for a larger bucket (a page
-- copied thousands of times) a star to its first member plus a chain
-- through the rest: linear in the bucket's size, never all pairs.
CREATE OR REPLACE TEMP TABLE candidates AS
SELECT x.id AS a, y.id AS b
FROM buckets x JOIN buckets y ON x.band = y.band AND x.key = y.key AND x.pos < y.pos
WHERE x.size <= 32
UNION  -- the star: equality on pos keeps the join linear
SELECT x.id, y.id
FROM buckets x JOIN buckets y ON x.band = y.band AND x.key = y.key AND x.pos = 1
WHERE y.size > 32 AND y.pos > 1
UNION  -- the chain
SELECT x.id, y.id
FROM buckets x JOIN buckets y ON x.band = y.band AND x.key = y.key AND x.pos = y.pos - 1
WHERE y.size > 32 AND y.pos > 2;

-- 6. Verify by signature: the share of MinHash positions that agree
-- estimates Jaccard; a pair at the threshold is an edge. Identical
-- copies are edges to their representative.
CREATE OR REPLACE TEMP TABLE pairs AS
SELECT a, b, 'similar' AS kind, similarity
FROM (
    SELECT c.a, c.b,
           list_sum(list_transform(range(1, len(x.signature) + 1),
                                   i -> CASE WHEN x.signature[i] = y.signature[i] THEN 1 ELSE 0 END))::DOUBLE
             / len(x.signature) AS similarity
    FROM candidates c JOIN docs x ON x.id = c.a JOIN docs y ON y.id = c.b
)
WHERE similarity >= getvariable('threshold')
UNION ALL
SELECT rep, id, 'identical', 1.0
FROM reps
WHERE rep <> id;

-- 7. Connected components of the edges: each document reaches every
-- document of its component; the least path names the group. (This
-- closure costs the square of a component's size: fine for news
-- duplicates; at hundreds of millions of documents use a connected
-- components operator, GraphFrames' in Spark, as the README shows.)
CREATE OR REPLACE TEMP TABLE groups AS
WITH RECURSIVE
    edges(a, b) AS (SELECT a, b FROM pairs UNION SELECT b, a FROM pairs),
    reach(path, other) AS (
        SELECT a, a FROM edges
        UNION
        SELECT r.path, e.b FROM reach r JOIN edges e ON e.a = r.other
    )
SELECT path, min(other) AS grp FROM reach GROUP BY path;
