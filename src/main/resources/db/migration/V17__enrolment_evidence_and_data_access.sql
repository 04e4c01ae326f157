-- What an enrolment in a challenge must carry, chosen by its organizers, the evidence sent with
-- it, and the data-access instructions released to approved members (issue 11).

create table enrolment_rules (
    challenge_id           bigint      primary key references challenge (id),
    physionet_username     boolean     not null default false,
    credential_certificate boolean     not null default false,
    dua_proof              boolean     not null default false,
    -- The PhysioNet email given must equal the account's (case-insensitive).
    physionet_email_match  boolean     not null default false,
    data_access            text,
    updated_at             timestamptz not null
);

alter table enrolment
    add column physionet_username text,
    add column physionet_email    text;

create table enrolment_evidence (
    enrolment_id bigint      not null references enrolment (id) on delete cascade,
    kind         text        not null check (kind in ('CREDENTIAL_CERTIFICATE', 'DUA_PROOF')),
    file_name    text        not null,
    content_type text        not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    size         bigint      not null,
    content      bytea       not null,
    uploaded_at  timestamptz not null,
    primary key (enrolment_id, kind)
);
