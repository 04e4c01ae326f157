-- Set when an organizer queues a submission again: a rescore is the organizers' doing, so it does
-- not hold the team's in-flight quota.
alter table submission add column rescore_requested_at timestamptz;
