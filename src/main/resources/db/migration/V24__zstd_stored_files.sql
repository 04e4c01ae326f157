-- Plain uploads the service compresses are stored as zstd (level 1: a task-1 submission 14.0 MB
-- instead of the 15.9 MB of the Huffman-only gzip before, in less CPU time). Files stored before
-- stay GZIP or AS_UPLOADED and are read as before (CompressedUpload.Compression.decode).
alter table submission_file drop constraint submission_file_compression_check;
alter table submission_file add constraint submission_file_compression_check
    check (compression in ('GZIP', 'AS_UPLOADED', 'ZSTD'));

-- Answer keys go through the same compression, so their rows say which too. Keys stored before
-- this version (gzipped by the service, or a gzip or zip as uploaded) are given to the core as
-- they are stored, as before: the core reads CSV, gzip and zip alike, so AS_UPLOADED reads them
-- exactly as they were read. It is also what a row inserted without a compression means.
alter table answer_key add column compression text not null default 'AS_UPLOADED'
    constraint answer_key_compression_check check (compression in ('GZIP', 'AS_UPLOADED', 'ZSTD'));
