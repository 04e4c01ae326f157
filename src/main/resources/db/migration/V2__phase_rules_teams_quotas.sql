-- Phase rules, team membership and join requests, chosen submissions (issue 4, "rules" part).

-- Rules per phase. Null limits: no limit.
alter table phase
    add column max_per_day          integer check (max_per_day >= 0),
    add column max_total            integer check (max_total >= 0),
    add column max_in_flight        integer check (max_in_flight >= 0),
    add column paused               boolean not null default false,
    add column selection            text    not null default 'BEST'
        check (selection in ('BEST', 'LATEST', 'CHOSEN')),
    add column visibility           text    not null default 'PUBLIC'
        check (visibility in ('PUBLIC', 'HIDDEN_UNTIL_CLOSE', 'ORGANIZERS_ONLY')),
    add column label_scores_visible boolean not null default true;

-- A participant is a member of one team (team_id), or asks to join one (requested_team_id), or
-- neither (declined or removed). The team's owner accepts or declines join requests.
alter table participant alter column team_id drop not null;
alter table participant
    add column requested_team_id bigint references team (id),
    add column requested_at      timestamptz,
    add constraint participant_one_team check (team_id is null or requested_team_id is null);
create index participant_team_idx on participant (team_id);
create index participant_requested_team_idx on participant (requested_team_id) where requested_team_id is not null;

alter table team add column owner_id bigint references participant (id);
-- Teams made before owners existed: the first registrant owns it.
update team t set owner_id = (select min(p.id) from participant p where p.team_id = t.id);

-- The submission a team chose to count in a phase whose selection is CHOSEN.
create table team_selection (
    phase_id      bigint      not null references phase (id),
    team_id       bigint      not null references team (id),
    submission_id bigint      not null references submission (id),
    chosen_at     timestamptz not null default now(),
    primary key (phase_id, team_id)
);
