-- Paired bootstrap analyses of a phase's leaderboard (issue 13): what was analysed (the entries'
-- submissions, the answer key, the seed and B) is kept with the result, so that any analysis can
-- be run again and give the same numbers.
create table robustness_analysis (
    id                 bigserial primary key,
    phase_id           bigint      not null references phase (id),
    snapshot_name      text,                                   -- null: the live leaderboard when requested
    answer_key_id      bigint      not null references answer_key (id),
    answer_key_version integer     not null,
    seed               bigint      not null,
    replicates         integer     not null check (replicates >= 1),
    entries            jsonb       not null,                   -- [{"team","submissionId"}], leaderboard order
    status             text        not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    automatic          boolean     not null default false,     -- started when the final snapshot was taken
    progress_done      bigint      not null default 0,         -- entry-replicates computed
    progress_total     bigint      not null,
    requested_by       text        not null,
    requested_at       timestamptz not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    attempts           integer     not null default 0,
    lease_expires_at   timestamptz,
    result             jsonb,
    error              text
);
create index robustness_analysis_phase_idx on robustness_analysis (phase_id, requested_at desc);
create index robustness_analysis_queue_idx on robustness_analysis (requested_at, id) where status in ('QUEUED', 'RUNNING');
-- one automatic analysis per frozen snapshot, however many instances notice it
create unique index robustness_analysis_automatic_idx on robustness_analysis (phase_id, snapshot_name) where automatic;
