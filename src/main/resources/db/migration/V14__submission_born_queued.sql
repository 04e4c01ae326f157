-- A submission is born QUEUED: inserts leave the status to this default, so that every later
-- change of submission.status is made by one class (SubmissionQueue), under its precondition.
alter table submission alter column status set default 'QUEUED';
