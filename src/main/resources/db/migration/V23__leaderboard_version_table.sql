-- A phase's leaderboard version (what prepared leaderboards and their ETags are keyed on) in a row
-- of its own. In the phase row, each score's bump waited for every upload being stored in that
-- phase: an upload holds the phase row FOR SHARE while its file is written (so that closing or
-- pausing the phase waits for it), and PostgreSQL lets new share lockers in ahead of a waiting
-- update; in a surge of 20 uploads, marking a submission SCORED waited about 0.6 s.
create table leaderboard_version (
    phase_id   bigint      primary key references phase (id) on delete cascade,
    version    bigint      not null,
    updated_at timestamptz
);
insert into leaderboard_version (phase_id, version, updated_at)
select id, leaderboard_version, leaderboard_updated_at from phase;
alter table phase drop column leaderboard_version;
alter table phase drop column leaderboard_updated_at;

-- Other instances drop their prepared leaderboards when a version changes, as for a phase (V20).
create trigger leaderboard_version_changed after insert or update or delete on leaderboard_version
    for each statement execute function notify_catalogue_changed();
