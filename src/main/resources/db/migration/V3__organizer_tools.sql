-- The organizers' tools: audit log, versioned answer keys with scores kept per version,
-- disqualification, baselines, leaderboard snapshots, token revocation.

-- Every organizer action, written in the transaction of the action itself.
create table audit_entry (
    id     bigserial primary key,
    at     timestamptz not null default now(),
    actor  text        not null,   -- 'organizer', 'participant:<id>' or 'system'
    action text        not null,
    target text,
    before jsonb,
    after  jsonb
);
create index audit_entry_action_idx on audit_entry (action, id desc);

-- Answer keys numbered per phase (1, 2, ...), with who uploaded them.
alter table answer_key add column version integer;
update answer_key a set version = (select count(*) from answer_key b where b.phase_id = a.phase_id and b.id <= a.id);
alter table answer_key alter column version set not null;
alter table answer_key add constraint answer_key_version_unique unique (phase_id, version);
alter table answer_key add column uploaded_by text;

-- A submission keeps one score per answer key it was scored against; the leaderboard reads only
-- those of the phase's active key.
alter table label_score drop constraint label_score_submission_id_fkey;
alter table label_score drop constraint label_score_pkey;
alter table label_score add column answer_key_id bigint;
update label_score l set answer_key_id = (select s.answer_key_id from score s where s.submission_id = l.submission_id);
alter table label_score alter column answer_key_id set not null;
alter table score drop constraint score_pkey;
alter table score add primary key (submission_id, answer_key_id);
alter table score add column scored_at timestamptz not null default now();
alter table label_score add primary key (submission_id, answer_key_id, position);
alter table label_score add constraint label_score_score_fk
    foreign key (submission_id, answer_key_id) references score (submission_id, answer_key_id);

-- Baselines: organizer entries shown unranked; they belong to no team.
alter table submission alter column team_id drop not null;
alter table submission add column baseline_name text;
alter table submission add constraint submission_team_or_baseline
    check ((team_id is null) = (baseline_name is not null));

-- Disqualified submissions stay in the record and are left off the leaderboard.
alter table submission add column disqualified_at timestamptz;
alter table submission add column disqualification_reason text;

-- The content type the upload was sent with, to give it back as it came.
alter table submission_file add column content_type text;

-- Frozen leaderboards: one per phase and name, never changed once written.
create table leaderboard_snapshot (
    id       bigserial primary key,
    phase_id bigint      not null references phase (id),
    name     text        not null,
    taken_at timestamptz not null default now(),
    taken_by text        not null,
    content  jsonb       not null,
    unique (phase_id, name)
);

-- A revoked token authenticates nobody, and cannot be rotated; an organizer may issue a new one.
alter table participant add column token_revoked_at timestamptz;
