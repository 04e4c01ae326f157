-- Every committed change to a challenge, task, phase or answer key row (a new leaderboard version,
-- a phase's rules or dates, an answer key loaded or activated, a challenge defined) is announced on
-- the channel 'catalogue_changed', whoever makes it (this instance, another one, or plain SQL):
-- the prepared public responses (PreparedResponses) are dropped when it arrives. PostgreSQL
-- delivers a notification at commit, never for a transaction rolled back.
create function notify_catalogue_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('catalogue_changed', tg_table_name);
    return null;
end
$$;

create trigger challenge_changed after insert or update or delete on challenge
    for each statement execute function notify_catalogue_changed();
create trigger task_changed after insert or update or delete on task
    for each statement execute function notify_catalogue_changed();
create trigger phase_changed after insert or update or delete on phase
    for each statement execute function notify_catalogue_changed();
create trigger answer_key_changed after insert or update or delete on answer_key
    for each statement execute function notify_catalogue_changed();
create trigger task_label_changed after insert or update or delete on task_label
    for each statement execute function notify_catalogue_changed();

-- Stored uploads and answer keys are compressed already (gzip or zip): PostgreSQL's own attempt at
-- compressing each one again is skipped, and reading a slice fetches only the chunks it needs.
alter table submission_file alter column content set storage external;
alter table answer_key alter column content set storage external;
