-- A stored upload in rows of at most 8,000 bytes (the last one shorter), numbered from 0 in the
-- order of the file. Each row fits a page of the table itself (storage plain: neither TOASTed nor
-- compressed again, the bytes being gzip or zip already), so that storing a file costs a row per
-- 8 KB instead of TOAST's chunk and index entry per 2 KB; it is written with COPY as the upload
-- is compressed. A 15.9 MB gzipped task-1 submission cost PostgreSQL 17 about a third of the CPU
-- time as 1,983 such rows that it cost as one external bytea (README, "Speed (service)").
create table submission_file_part (
    submission_id bigint  not null references submission (id),
    part          integer not null,
    content       bytea   not null,
    primary key (submission_id, part)
);
alter table submission_file_part alter column content set storage plain;

-- Files stored before this version keep their content in submission_file.content and are read
-- from there; newer ones have it in submission_file_part, and their length here.
alter table submission_file alter column content drop not null;
alter table submission_file add column stored_length bigint;
alter table submission_file add constraint submission_file_content_in_one_place
    check ((content is null) = (stored_length is not null));
