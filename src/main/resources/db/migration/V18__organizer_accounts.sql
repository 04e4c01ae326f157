-- Named organizer accounts, created by the platform administrator (the CXRLT_ADMIN_TOKEN or the
-- generated first token), each with its own token (only its hash is stored) and the challenges
-- it organizes. An organizer acts only on those challenges.
create table organizer (
    id               bigserial primary key,
    name             text        not null,
    email            text        not null,
    token_hash       bytea       not null unique,
    token_revoked_at timestamptz,
    created_at       timestamptz not null default now()
);
create unique index organizer_email_key on organizer (lower(email));

create table organizer_challenge (
    organizer_id bigint      not null references organizer (id),
    challenge_id bigint      not null references challenge (id),
    assigned_at  timestamptz not null default now(),
    primary key (organizer_id, challenge_id)
);
create index organizer_challenge_challenge_idx on organizer_challenge (challenge_id);

-- The challenge an audit entry concerns (null for platform matters: accounts, registrations), so
-- that an organizer reads the entries of their own challenges only.
alter table audit_entry add column challenge_id bigint references challenge (id);
update audit_entry e set challenge_id = c.id from challenge c
    where e.target not like '%:%' and split_part(e.target, '/', 1) = c.slug;
update audit_entry e set challenge_id = t.challenge_id
    from submission s join phase p on p.id = s.phase_id join task t on t.id = p.task_id
    where e.target like 'submission:%' and s.id = substring(e.target from 12)::bigint;
create index audit_entry_challenge_idx on audit_entry (challenge_id, id desc);
