-- A participant's upload is stored as it arrives: its rows of submission_file_part are sent
-- while the file is received, under the id the submission will have (taken from its sequence),
-- and the submission's own row is inserted at the end, once the fields after the file are read
-- and the upload checked, in the same transaction. So the parts' reference to the submission is
-- checked when that transaction commits, not row by row.
alter table submission_file_part
    alter constraint submission_file_part_submission_id_fkey deferrable initially deferred;
