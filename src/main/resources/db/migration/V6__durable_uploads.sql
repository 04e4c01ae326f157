-- A client-chosen Idempotency-Key per participant: a retried upload answers with the submission
-- the first one stored. Kept 24 hours (older ones are deleted when the participant uploads again).
create table idempotency_key (
    participant_id bigint      not null references participant (id),
    key            text        not null,
    submission_id  bigint      not null references submission (id),
    created_at     timestamptz not null default now(),
    primary key (participant_id, key)
);

-- Stored files are gzip or zip already: kept out of line and uncompressed, so that reading a
-- slice (substring) fetches only the TOAST chunks it needs, and a worker streams the file.
alter table submission_file alter column content set storage external;
