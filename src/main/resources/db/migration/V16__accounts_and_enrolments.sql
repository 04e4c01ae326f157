-- Accounts and enrolments (issue 11): a participant is an account (name, email, affiliation,
-- token) that enrols in any number of challenges. Each enrolment has its own team, status and
-- join request; teams belong to one challenge, their names unique within it. Everything that was
-- registered before belongs to cxr-lt-2024, the one challenge the service ran until now.

do $$
begin
    if not exists (select 1 from challenge where slug = 'cxr-lt-2024')
       and (exists (select 1 from team) or exists (select 1 from participant)) then
        raise exception 'V16: there are teams or participants but no challenge cxr-lt-2024 to enrol them in';
    end if;
end $$;

alter table team add column challenge_id bigint references challenge (id);
update team set challenge_id = (select id from challenge where slug = 'cxr-lt-2024');
alter table team alter column challenge_id set not null;
drop index team_name_unique;
drop index team_name_key_unique;
create unique index team_name_key_unique on team (challenge_id, name_key);

create table enrolment (
    id                bigserial primary key,
    participant_id    bigint      not null references participant (id),
    challenge_id      bigint      not null references challenge (id),
    -- The team it is a member of in this challenge, or the one it asked to join, or neither.
    team_id           bigint      references team (id),
    requested_team_id bigint      references team (id),
    requested_at      timestamptz,
    status            text        not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    reason            text,       -- the organizers' reason for a rejection, shown to the participant
    enrolled_at       timestamptz not null,
    decided_at        timestamptz,
    constraint enrolment_once unique (participant_id, challenge_id),
    constraint enrolment_one_team check (team_id is null or requested_team_id is null)
);
create index enrolment_team_idx on enrolment (team_id);
create index enrolment_requested_team_idx on enrolment (requested_team_id) where requested_team_id is not null;
create index enrolment_status_idx on enrolment (challenge_id, status, enrolled_at);

insert into enrolment (participant_id, challenge_id, team_id, requested_team_id, requested_at, status, reason,
                       enrolled_at, decided_at)
select p.id, c.id, p.team_id, p.requested_team_id, p.requested_at, p.status, p.rejection_reason,
       p.registered_at, p.decided_at
  from participant p cross join challenge c
 where c.slug = 'cxr-lt-2024'
 order by p.id;

drop index participant_status_idx;
alter table participant
    drop constraint participant_one_team,
    drop column team_id,
    drop column requested_team_id,
    drop column requested_at,
    drop column status,
    drop column rejection_reason,
    drop column decided_at;
